/**
 * What a source image may be, the same everywhere: the app's transforms and ingest enforce it,
 * and it matches Cloudflare's image transformation limits, so the edge and the app accept and
 * refuse the same originals.
 */
export const sourceLimits = {
  /** 70 MiB. */
  maxBytes: 70 * 1024 * 1024,
  /** 100 megapixels. */
  maxPixels: 100_000_000,
  /** Per side. */
  maxSide: 12_000,
} as const;
