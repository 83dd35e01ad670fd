import {
  type DisplaySetMeasure,
  economics,
  type StrategyCounters,
  type StrategyKey,
  storedCounters,
} from './economics';
import type { BenchReport } from './report-types';

/**
 * Test data for the report modules' tests: counters and a full report in the range the reference
 * machine measured (ARCHITECTURE.md's table, docs/benchmarks.md), chosen so every printed figure is
 * checkable by hand.
 */

const none = { originReads: 0, writes: 0, uniqueTransformations: 0, bytesServed: 0, transformsPerformed: 0 };

export const fixtureCounters: Record<Exclude<StrategyKey, 'oursOnHost' | 'stored'>, StrategyCounters> = {
  // First view: one read of the original, one transform, one unique transformation; later views: bytes.
  ours: {
    cold: {
      originReads: 1,
      writes: 0,
      uniqueTransformations: 1,
      bytesServed: 60_000,
      transformsPerformed: 1,
    },
    warm: { ...none, bytesServed: 60_000 },
  },
  // No shared cache: every view reads and sends the original.
  naive: {
    cold: { ...none, originReads: 1, bytesServed: 3_340_000 },
    warm: { ...none, originReads: 1, bytesServed: 3_340_000 },
  },
  // Next encodes AVIF and WebP apart (1.5 resizes per first view) into its own disk cache (no R2 write).
  nextImage: {
    cold: {
      originReads: 1,
      writes: 0,
      uniqueTransformations: 1,
      bytesServed: 56_000,
      transformsPerformed: 1.5,
    },
    warm: { ...none, bytesServed: 56_000 },
  },
};

/** Ours with the display set stored: each fill one stored read, nothing outside the set transformed. */
export const fixtureStoredCounters: StrategyCounters = storedCounters(fixtureCounters.ours, {
  cold: 0,
  warm: 0,
});

/** Five rungs × three formats, 1.16 MB a set: a 1920 px photograph's. */
export const fixtureDisplaySet: DisplaySetMeasure = {
  membersPerImage: 15,
  meanBytes: 1_160_000,
  images: 3,
  measuredFrom: 'the public store',
};

export const fixtureReport: BenchReport = {
  machine: '2 cores, AMD EPYC 7B13, 7.8 GB, Linux 6.1.0, Node 20.19.2',
  command: 'npm run bench',
  startedAt: '2026-11-27T13:00:00.000Z',
  inputs: {
    source: 'Debian wallpapers (apt-get download)',
    files: [
      { path: '/cache/a.jpg', width: 3840, height: 2160, bytes: 4_100_000 },
      { path: '/cache/b.jpg', width: 1920, height: 1080, bytes: 1_200_000 },
      { path: '/cache/c.png', width: 2560, height: 1600, bytes: 2_600_000 },
    ],
  },
  feed: {
    ours: {
      requestsPerSeen: 1.02,
      bytesPerSeen: 61_400,
      unloadedAfterPause: 0.042,
      maxInflight: 4,
      maxImgInDom: 48,
      cls: 0.002,
      flingRequests: 9,
      firstScreenHtmlBytes: 68_000,
      lcpFastMs: 640,
    },
    naive: {
      requestsPerSeen: 1,
      bytesPerSeen: 3_340_000,
      unloadedAfterPause: 0,
      maxInflight: 136,
      maxImgInDom: 400,
      cls: 0.053,
      flingRequests: 166,
      firstScreenHtmlBytes: 31_000,
      lcpFastMs: 2_900,
    },
    nextImage: {
      requestsPerSeen: 1.41,
      bytesPerSeen: 58_200,
      unloadedAfterPause: 0.945,
      maxInflight: 240,
      maxImgInDom: 400,
      cls: 0,
      flingRequests: 184,
      firstScreenHtmlBytes: 466_000,
      lcpFastMs: 1_850,
    },
    ratio: { bytes: 54.4, requests: 0.98 },
    warm: {
      ours: {
        unloadedAfterPause: 0.035,
        lcpFastMs: 560,
        lcpThrottledMs: 900,
        lcpCpuMs: 700,
        lcpPhoneMs: 810,
      },
      nextImage: { lcpFastMs: 750, lcpThrottledMs: 950, lcpCpuMs: 720, lcpPhoneMs: 980 },
    },
    edge: {
      bucketReadsPerSeen: 1.02,
      bucketBytesPerSeen: 61_000,
      storedReads: 51,
      originalReads: 0,
      otherReads: 0,
      failedReads: 0,
      seen: 50,
      warm: { bucketReadsPerSeen: 0, bucketBytesPerSeen: 0, storedReads: 0, seen: 50 },
    },
    displaySet: { emittedUrls: 52, emittedOutsideSet: 0, outsideSetPerSeen: 0, outsideSetPerSeenWarm: 0 },
  },
  transform: {
    ours: { coldP50Ms: 98, coldP95Ms: 146, warmRps: 7_228 },
    nextImage: { coldP50Ms: 165, coldP95Ms: 291, warmRps: 2_023 },
    ratio: { warmRps: 3.57, coldMs: 0.6 },
  },
  api: {
    keyset: { firstMs: 1.9, deepMs: 2.1, deepOverFirst: 1.11 },
    offset: { firstMs: 1.8, deepMs: 41.3, deepOverFirst: 22.9 },
    rows: 100_000,
    filtered: {
      q: { filter: { q: 'lighthouse' }, matching: 3_044, firstMs: 1.37, overUnfiltered: 1.11 },
      qAndModel: {
        filter: { q: 'lighthouse', model: 'Flux 1.1 Pro' },
        matching: 662,
        firstMs: 3.17,
        overUnfiltered: 2.57,
      },
    },
  },
  economics: economics({
    strategies: { ...fixtureCounters, stored: fixtureStoredCounters },
    meanOriginalBytes: 3_340_000,
    displaySet: fixtureDisplaySet,
  }),
};

/** A quick run that measured only the transform, and lost on both of its bounds. */
export const partialReport: BenchReport = {
  machine: '2 cores',
  command: 'npm run bench -- --quick --images /photos',
  startedAt: '2026-11-27T14:00:00.000Z',
  inputs: { source: '--images /photos', count: 8, sizes: '2048–4096 px' },
  transform: {
    ours: { coldP50Ms: 250, warmRps: 2_000 },
    nextImage: { coldP50Ms: 300, warmRps: 2_100 },
  },
};
