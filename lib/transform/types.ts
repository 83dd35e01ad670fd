import 'server-only';

import type { OutputFormat } from '@/lib/images/ladder';

export type { OutputFormat };

/** An already-normalized `/i/` request (snapped by lib/image-guard before it gets here). */
export interface VariantRequest {
  /** Target width in px; the output is never wider than the (auto-oriented) source. */
  width: number;
  /** Present → an exact `width × height` box, fit cover (scaled down together if the source is smaller). */
  height?: number;
  /** The contract's 1..100 quality, on the JPEG/WebP scale (AVIF maps it, see transform-image.ts). */
  quality: number;
  format: OutputFormat;
}

export interface EncodedVariant {
  bytes: Uint8Array;
  /** What the bytes actually are, read back from their signature (not merely what was asked). */
  format: OutputFormat;
  contentType: string;
  width: number;
  height: number;
}

/** What the variant cache keeps and gives back: the body and the header that must travel with it. */
export interface CachedVariant {
  bytes: Uint8Array;
  contentType: string;
}
