import 'server-only';
import type { CachedVariant, VariantRequest } from './types';

/** What the variant service (variant-service.ts) answers and throws, for it and its callers. */

/** A client asked for more new variants than its budget allows (lib/transform/miss-limiter.ts). */
export class TooManyMissesError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('Too many new variants requested; retry later');
    this.name = 'TooManyMissesError';
  }
}

/**
 * The stored display variant is not the format it is stored as: served under an immutable URL it would
 * pin the wrong bytes for a year, so the request fails (500 no-store) instead, as the Worker does (502).
 */
export class StoredVariantMismatchError extends Error {
  constructor(storedKey: string, contentType: string, expected: string) {
    super(`${storedKey} is stored as ${contentType}, not ${expected}`);
    this.name = 'StoredVariantMismatchError';
  }
}

export interface VariantResult {
  variant: CachedVariant;
  /**
   * `memory`: the in-memory tier; `disk`: the variant cache on disk; `store`: the stored display
   * variant, read from the public store for this request; `miss`: transformed for this request.
   */
  cacheStatus: 'memory' | 'disk' | 'store' | 'miss';
}

export interface PrewarmItem {
  /** The canonical key (`variantKey`, lib/images/storage-keys.ts) of the variant `request` describes. */
  variantKey: string;
  request: VariantRequest;
}

export interface PrewarmResult {
  transformed: number;
  /** Already in the cache: nothing to do. */
  cached: number;
  /** Read from the stored display set into the cache (no encode). */
  stored: number;
  /** Not attempted because visitors were using or waiting for the pool. */
  skipped: number;
  failed: number;
  sourceMissing: boolean;
}

export interface VariantErrorContext {
  operation: 'cache-get' | 'cache-put' | 'prewarm';
  storagePath: string;
  variantKey?: string;
}
