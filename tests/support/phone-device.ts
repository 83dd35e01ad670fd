/**
 * The phone every browser session of the project uses: 390×844 CSS pixels at DPR 3, touch only, as
 * Playwright's context options take it. One value, so the browser suite and the bench's phone LCP
 * (tests/bench/report/feed-session.ts) measure the same device.
 */
export const phoneDevice = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 3,
  isMobile: true,
  hasTouch: true,
} as const;
