import 'server-only';
import { variantKeyPrefix, variantSourcePath } from '@/lib/images/storage-keys';
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

export interface VariantResult {
  variant: CachedVariant;
  /** `memory`: the in-memory tier; `disk`: the variant cache on disk; `miss`: transformed for this request. */
  cacheStatus: 'memory' | 'disk' | 'miss';
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
  /** Who is asking (address): a miss takes one of its tokens. */
  client?: string;
}

export interface VariantService {
  /**
   * The variant, from the cache when possible. On a miss, concurrent requests for one key share one
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

export function createVariantService(options: VariantServiceOptions): VariantService {
  const { loadSource, cache, pool } = options;
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
        if ((purgedAt.get(storagePath) ?? -1) < startedAt) {
          memory.set(variantKey, variant);
          await cache.put(variantKey, variant).catch((error: unknown) => {
            onError(error, { operation: 'cache-put', storagePath, variantKey });
          });
        }
        return { variant, cacheStatus: 'miss' };
      })
      .finally(() => {
        running--;
        if (running === 0) purgedAt.clear();
      });
  }

  return {
    async getVariant(storagePath, variantKey, request, context = {}) {
      assertKeyOfSource(storagePath, variantKey);
      const hot = memory.get(variantKey);
      if (hot) return { variant: hot, cacheStatus: 'memory' };
      const cached = await cacheGet(storagePath, variantKey);
      if (cached) {
        memory.set(variantKey, cached);
        return { variant: cached, cacheStatus: 'disk' };
      }
      if (missing.has(storagePath, now())) return null;
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
