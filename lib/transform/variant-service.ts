import 'server-only';
import { formatContentTypes } from '@/lib/images/ladder';
import { storedVariantKey, variantKeyPrefix, variantSourcePath } from '@/lib/images/storage-keys';
import { createSingleFlight, type SingleFlight } from './single-flight';
import type { TransformPool } from './transform-pool';
import { transformImage } from './transform-image';
import type { CachedVariant, VariantRequest } from './types';
import type { VariantCache } from './variant-cache';
import { createMemoryLru } from './memory-lru';
import type { MissLimiter } from './miss-limiter';
import { createMissingSources, type MissingSources } from './missing-sources';

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

const DEFAULT_HOT_BYTES = 64 * 1024 * 1024;

export interface VariantServiceOptions {
  /** The published original's bytes, or null when there is no such object (→ 404). */
  loadSource: (storagePath: string) => Promise<Uint8Array | null>;
  /**
   * A stored display variant (`v/…`) with the Content-Type it was stored as, or null when it is not
   * stored (stored-variants.ts reads the public store). Without it every miss is transformed.
   */
  loadStored?: (storedKey: string) => Promise<CachedVariant | null>;
  cache: VariantCache;
  pool: TransformPool;
  singleFlight?: SingleFlight<VariantResult | null>;
  /** Bound of the in-memory hot tier in front of the disk cache. Default 64 MiB. */
  hotBytes?: number;
  /** Failures that must not fail the request (the cache is an optimization). Default: console.warn. */
  onError?: (error: unknown, context: VariantErrorContext) => void;
  /** Budgets of cache misses per client; without it misses are not limited (tests, the prewarm). */
  limiter?: MissLimiter;
  /** Sources the store did not have, remembered briefly. Default: 30 s, 10,000 paths. */
  missing?: MissingSources;
  /** Clock for the two above. */
  now?: () => number;
}

export interface VariantRequestContext {
  /** Who is asking (address): a transform takes one of its tokens; a stored read takes none. */
  client?: string;
  /**
   * The stored display variant holding these bytes (`v/<variantKey>`, the plan's storedKey), read
   * before any transform; null or absent for a variant outside the display set.
   */
  storedKey?: string | null;
}

export interface VariantService {
  /**
   * The variant: from the memory tier, the disk cache, then the stored display variant (context.storedKey,
   * put into both tiers once read), and only then transformed. A stored variant that is missing is
   * not a missing source: the transform decides that. On a transform, concurrent requests for one key share one
   * transform, which runs in the pool (PoolSaturatedError when it is full → 503 Retry-After). Null when
   * the source does not exist (remembered for a short while). A client over its budget of misses gets
   * TooManyMissesError (→ 429) before anything is read. Transform errors (ImageTooLargeError, UnsupportedImageError,
   * TransformFailedError) propagate: the route answers 5xx with no-store.
   */
  getVariant(
    storagePath: string,
    variantKey: string,
    request: VariantRequest,
    context?: VariantRequestContext,
  ): Promise<VariantResult | null>;
  /**
   * Fills the cache in the background, in the given order, one transform at a time and only while
   * the pool is idle (a free slot and nobody waiting), so it never delays a visitor. Never throws.
   */
  prewarm(storagePath: string, items: readonly PrewarmItem[]): Promise<PrewarmResult>;
  /** Drops every cached variant of a source; transforms already running for it will not be cached. */
  purge(storagePath: string): Promise<void>;
  /** The source was just written to the public store: it is no longer remembered as missing. */
  sourcePublished(storagePath: string): void;
}

function assertKeyOfSource(storagePath: string, variantKey: string): void {
  // The cache files a variant under the source its key names; a mismatch would escape purge().
  if (variantSourcePath(variantKey) !== storagePath) {
    throw new TypeError(`Variant key ${JSON.stringify(variantKey)} is not a variant of ${storagePath}`);
  }
}

function assertStoredKeyOf(variantKey: string, storedKey: string): void {
  // What is read under one key is cached under the other: they must name the same variant.
  if (storedVariantKey(variantKey) !== storedKey) {
    throw new TypeError(`Stored key ${JSON.stringify(storedKey)} does not hold ${variantKey}`);
  }
}

export function createVariantService(options: VariantServiceOptions): VariantService {
  const { loadSource, loadStored, cache, pool } = options;
  const memory = createMemoryLru(options.hotBytes ?? DEFAULT_HOT_BYTES);
  const flights = options.singleFlight ?? createSingleFlight<VariantResult | null>();
  const missing = options.missing ?? createMissingSources({ ttlMs: 30_000, max: 10_000 });
  const now = options.now ?? Date.now;
  const onError =
    options.onError ??
    ((error: unknown, context: VariantErrorContext) => {
      console.warn(
        `[transform] ${context.operation} failed for ${context.variantKey ?? context.storagePath}`,
        error,
      );
    });

  /**
   * Purges racing transforms: a transform that started before purge(path) must not write its result
   * back afterwards, or a deleted generation would stay servable from the cache. Entries are only
   * needed while transforms are running, so the map empties whenever none is.
   */
  let purgeClock = 0;
  let running = 0;
  const purgedAt = new Map<string, number>();

  async function cacheGet(storagePath: string, variantKey: string): Promise<CachedVariant | null> {
    try {
      return await cache.get(variantKey);
    } catch (error) {
      onError(error, { operation: 'cache-get', storagePath, variantKey });
      return null;
    }
  }

  /**
   * Submits to the pool synchronously (no await before pool.run), so a caller that has just seen
   * the pool idle is admitted before anything else can take the slot.
   */
  function produce(
    storagePath: string,
    variantKey: string,
    request: VariantRequest,
    load: () => Promise<Uint8Array | null>,
  ): Promise<VariantResult | null> {
    const startedAt = purgeClock;
    running++;
    const transformed = pool.run(async () => {
      // Loaded only once a slot is free: queued requests must not each hold a 70 MB original.
      const source = await load();
      if (!source) return null;
      const encoded = await transformImage(source, request);
      return { bytes: encoded.bytes, contentType: encoded.contentType };
    });
    return transformed
      .then(async (variant): Promise<VariantResult | null> => {
        if (!variant) {
          missing.remember(storagePath, now());
          return null;
        }
        missing.forget(storagePath);
        await fill(storagePath, variantKey, variant, startedAt);
        return { variant, cacheStatus: 'miss' };
      })
      .finally(() => {
        running--;
        if (running === 0) purgedAt.clear();
      });
  }

  /** Puts what was read or made into both tiers, unless the source was purged since `startedAt`. */
  async function fill(storagePath: string, variantKey: string, variant: CachedVariant, startedAt: number) {
    if ((purgedAt.get(storagePath) ?? -1) >= startedAt) return;
    memory.set(variantKey, variant);
    await cache.put(variantKey, variant).catch((error: unknown) => {
      onError(error, { operation: 'cache-put', storagePath, variantKey });
    });
  }

  /**
   * One read of a stored display variant; concurrent requests for it share it (the stored key is the
   * flight key: `v/…`, never equal to a variant key, which starts with `g/`). Counted as running, so
   * a purge while it reads keeps it out of the cache.
   */
  function readStored(
    storagePath: string,
    variantKey: string,
    storedKey: string,
    request: VariantRequest,
    load: (storedKey: string) => Promise<CachedVariant | null>,
  ): Promise<VariantResult | null> {
    return flights.run(storedKey, async () => {
      const startedAt = purgeClock;
      running++;
      try {
        const variant = await load(storedKey);
        if (!variant) return null;
        const expected = formatContentTypes[request.format];
        const contentType = variant.contentType.split(';')[0]!.trim().toLowerCase();
        if (contentType !== expected)
          throw new StoredVariantMismatchError(storedKey, variant.contentType, expected);
        const served = { bytes: variant.bytes, contentType };
        await fill(storagePath, variantKey, served, startedAt);
        return { variant: served, cacheStatus: 'store' };
      } finally {
        running--;
        if (running === 0) purgedAt.clear();
      }
    });
  }

  return {
    async getVariant(storagePath, variantKey, request, context = {}) {
      assertKeyOfSource(storagePath, variantKey);
      const storedKey = context.storedKey ?? null;
      if (storedKey !== null) assertStoredKeyOf(variantKey, storedKey);
      const hot = memory.get(variantKey);
      if (hot) return { variant: hot, cacheStatus: 'memory' };
      const cached = await cacheGet(storagePath, variantKey);
      if (cached) {
        memory.set(variantKey, cached);
        return { variant: cached, cacheStatus: 'disk' };
      }
      if (missing.has(storagePath, now())) return null;
      // Before the miss budget: a stored read costs one object read and no encode, and fills the
      // cache, so it is paid once per instance; the budget bounds what a client can make sharp do.
      if (storedKey !== null && loadStored) {
        const stored = await readStored(storagePath, variantKey, storedKey, request, loadStored);
        if (stored) return stored;
      }
      if (context.client !== undefined && options.limiter) {
        const decision = options.limiter.take(context.client, now());
        if (!decision.allowed) throw new TooManyMissesError(decision.retryAfterSeconds);
      }
      return flights.run(variantKey, async () => {
        // A flight for this key may have finished (and filled the cache) since our lookup.
        if (await cache.has(variantKey).catch(() => false)) {
          const filled = await cacheGet(storagePath, variantKey);
          if (filled) return { variant: filled, cacheStatus: 'disk' };
        }
        return produce(storagePath, variantKey, request, () => loadSource(storagePath));
      });
    },

    async prewarm(storagePath, items) {
      const result: PrewarmResult = {
        transformed: 0,
        cached: 0,
        skipped: 0,
        failed: 0,
        sourceMissing: false,
      };
      // Shared by the items: one read of the original however many variants it feeds.
      let source: Promise<Uint8Array | null> | undefined;
      const load = () => {
        source ??= loadSource(storagePath);
        return source;
      };
      for (const [i, item] of items.entries()) {
        try {
          assertKeyOfSource(storagePath, item.variantKey);
          if (await cache.has(item.variantKey)) {
            result.cached++;
            continue;
          }
          if (!pool.isIdle()) {
            result.skipped += items.length - i;
            break;
          }
          const produced = await flights.run(item.variantKey, () =>
            produce(storagePath, item.variantKey, item.request, load),
          );
          if (!produced) {
            result.sourceMissing = true;
            result.skipped += items.length - i;
            break;
          }
          result.transformed++;
        } catch (error) {
          result.failed++;
          onError(error, { operation: 'prewarm', storagePath, variantKey: item.variantKey });
        }
      }
      return result;
    },

    sourcePublished(storagePath) {
      missing.forget(storagePath);
    },

    async purge(storagePath) {
      if (running > 0) purgedAt.set(storagePath, ++purgeClock);
      missing.forget(storagePath);
      memory.deletePrefix(variantKeyPrefix(storagePath));
      await cache.deleteBySource(storagePath);
    },
  };
}
