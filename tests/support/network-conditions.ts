/**
 * The throttled network every browser session of the project uses (issue 9): 150 ms latency,
 * 8 Mbit/s down, 2 Mbit/s up, as CDP's `Network.emulateNetworkConditions` takes it. One value, so the
 * browser suite and the benchmark report measure under the same conditions.
 */
export const throttledNetwork = {
  offline: false,
  latency: 150,
  downloadThroughput: (8 * 1024 * 1024) / 8,
  uploadThroughput: (2 * 1024 * 1024) / 8,
} as const;
