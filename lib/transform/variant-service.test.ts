import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LadderWidth, OutputFormat } from '@/lib/images/ladder';
import { variantKey } from '@/lib/images/storage-keys';
import { jpeg } from '@/tests/support/test-images';
import { createTransformPool, PoolSaturatedError, type TransformPool } from './transform-pool';
import type { VariantRequest } from './types';
import { createVariantCache, type VariantCache } from './variant-cache';
import { createMissLimiter } from './miss-limiter';
import { TooManyMissesError, type VariantErrorContext } from './variant-results';
import { createVariantService, type VariantServiceOptions } from './variant-service';

const SOURCE = 'g/abc.jpg';
/** A variant key of `source` at the default quality (lib/images/storage-keys.ts). */
const keyAt = (width: LadderWidth, format: OutputFormat = 'webp', source = SOURCE) =>
  variantKey(source, { width, quality: 75, ratio: null }, format);
const KEY = keyAt(320);
const REQUEST: VariantRequest = { width: 320, quality: 75, format: 'webp' };

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((res) => {
    resolve = res;
  });
  return { promise, resolve };
}

let original: Buffer;
let dir: string;
let cache: VariantCache;
let pool: TransformPool;
let loads: string[];
let errors: VariantErrorContext[];

beforeAll(async () => {
  original = await jpeg(800, 600);
});
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'variant-service-'));
  cache = createVariantCache({ dir, maxBytes: 10_000_000 });
  pool = createTransformPool({ concurrency: 2, maxQueue: 16 });
  loads = [];
  errors = [];
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

let clock = 0;

function service(
  loadSource?: (storagePath: string) => Promise<Uint8Array | null>,
  extra: Partial<VariantServiceOptions> = {},
) {
  return createVariantService({
    cache,
    pool,
    now: () => clock,
    ...extra,
    loadSource:
      loadSource ??
      (async (storagePath) => {
        loads.push(storagePath);
        return storagePath === SOURCE ? original : null;
      }),
    onError: (_error, context) => errors.push(context),
  });
}

describe('createVariantService', () => {
  it('turns 8 concurrent identical requests into exactly 1 transform, then serves a hit', async () => {
    const variants = service();
    const results = await Promise.all(
      Array.from({ length: 8 }, () => variants.getVariant(SOURCE, KEY, REQUEST)),
    );
    expect(loads).toEqual([SOURCE]);
    for (const result of results) {
      expect(result?.cacheStatus).toBe('miss');
      expect(result?.variant.contentType).toBe('image/webp');
      expect(result?.variant.bytes).toBe(results[0]?.variant.bytes);
    }
    expect((await sharp(results[0]!.variant.bytes).metadata()).width).toBe(320);

    const again = await variants.getVariant(SOURCE, KEY, REQUEST);
    expect(again?.cacheStatus).toBe('memory');
    expect(Buffer.from(again!.variant.bytes).equals(Buffer.from(results[0]!.variant.bytes))).toBe(true);
    expect(loads).toHaveLength(1);
  });

  it('returns null for a missing source, caches no variant, and reads the store once per 30 s', async () => {
    const variants = service();
    const key = keyAt(320, 'webp', 'g/missing.jpg');
    expect(await variants.getVariant('g/missing.jpg', key, REQUEST)).toBeNull();
    expect(await cache.has(key)).toBe(false);
    clock += 29_000;
    // Any variant of the same source: remembered as missing, no read, no pool slot.
    expect(
      await variants.getVariant('g/missing.jpg', keyAt(640, 'webp', 'g/missing.jpg'), REQUEST),
    ).toBeNull();
    expect(loads).toEqual(['g/missing.jpg']);
    clock += 2_000;
    expect(await variants.getVariant('g/missing.jpg', key, REQUEST)).toBeNull();
    expect(loads).toEqual(['g/missing.jpg', 'g/missing.jpg']);
  });

  it('forgets a missing source at once when it is published', async () => {
    let present = false;
    const variants = service(async (storagePath) => {
      loads.push(storagePath);
      return present ? original : null;
    });
    expect(await variants.getVariant(SOURCE, KEY, REQUEST)).toBeNull();
    present = true;
    variants.sourcePublished(SOURCE);
    expect((await variants.getVariant(SOURCE, KEY, REQUEST))?.cacheStatus).toBe('miss');
  });

  it("limits each client's misses, never its hits", async () => {
    const limiter = createMissLimiter({ burst: 2, perSecond: 1, maxClients: 10 });
    const variants = service(undefined, { limiter });
    const ask = (width: LadderWidth, client: string) =>
      variants.getVariant(SOURCE, keyAt(width), { ...REQUEST, width }, { client });
    await ask(1280, 'a');
    await ask(320, 'a');
    await expect(ask(640, 'a')).rejects.toEqual(new TooManyMissesError(1));
    // Hits cost nothing: both cached variants still come back to the same client.
    expect((await ask(1280, 'a'))?.cacheStatus).toBe('memory');
    expect((await ask(320, 'a'))?.cacheStatus).toBe('memory');
    // Another client has its own budget; a second later the first has one token again.
    expect((await ask(640, 'b'))?.cacheStatus).toBe('miss');
    clock += 1_000;
    expect((await ask(960, 'a'))?.cacheStatus).toBe('miss');
  });

  it('serves hits without the pool, and sheds misses with PoolSaturatedError when it is full', async () => {
    const variants = service();
    await variants.getVariant(SOURCE, KEY, REQUEST);

    pool = createTransformPool({ concurrency: 1, maxQueue: 0 });
    const gate = deferred();
    const busy = service(async () => {
      await gate.promise;
      return original;
    });
    const first = busy.getVariant(SOURCE, keyAt(640), { ...REQUEST, width: 640 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(pool.stats().running).toBe(1);

    // Another service over the same folder: its memory tier is empty, the disk cache answers.
    expect((await busy.getVariant(SOURCE, KEY, REQUEST))?.cacheStatus).toBe('disk');
    await expect(busy.getVariant(SOURCE, keyAt(960), { ...REQUEST, width: 960 })).rejects.toThrow(
      PoolSaturatedError,
    );
    gate.resolve();
    expect((await first)?.cacheStatus).toBe('miss');
  });

  it('purges cached variants, and does not cache a transform that was running during the purge', async () => {
    const variants = service();
    await variants.getVariant(SOURCE, KEY, REQUEST);
    await variants.purge(SOURCE);
    expect(await cache.has(KEY)).toBe(false);

    const gate = deferred();
    const slow = service(async () => {
      await gate.promise;
      return original;
    });
    const inFlight = slow.getVariant(SOURCE, KEY, REQUEST);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await slow.purge(SOURCE);
    gate.resolve();
    expect((await inFlight)?.cacheStatus).toBe('miss');
    expect(await cache.has(KEY)).toBe(false);

    // Once nothing is running, transforms are cached again.
    await slow.getVariant(SOURCE, KEY, REQUEST);
    expect(await cache.has(KEY)).toBe(true);
  });

  it('prewarms in the background, reading the original once, then requests hit', async () => {
    const variants = service();
    const items = ([320, 640] as const).map((width) => ({
      variantKey: keyAt(width, 'avif'),
      request: { width, quality: 75, format: 'avif' } as const,
    }));
    expect(await variants.prewarm(SOURCE, items)).toEqual({
      transformed: 2,
      cached: 0,
      stored: 0,
      skipped: 0,
      failed: 0,
      sourceMissing: false,
    });
    expect(loads).toEqual([SOURCE]);
    expect((await variants.getVariant(SOURCE, items[1]!.variantKey, items[1]!.request))?.cacheStatus).toBe(
      'memory',
    );
    expect(await variants.prewarm(SOURCE, items)).toMatchObject({ transformed: 0, cached: 2 });
  });

  it('does not prewarm while visitors use the pool, and never throws', async () => {
    pool = createTransformPool({ concurrency: 1, maxQueue: 4 });
    const gate = deferred();
    const blocker = pool.run(() => gate.promise);
    const variants = service();
    const item = { variantKey: KEY, request: REQUEST };
    expect(await variants.prewarm(SOURCE, [item, item])).toMatchObject({ transformed: 0, skipped: 2 });
    expect(loads).toEqual([]);
    gate.resolve();
    await blocker;

    const failing = service(async () => {
      throw new Error('bucket down');
    });
    expect(await failing.prewarm(SOURCE, [item])).toMatchObject({ failed: 1 });
    expect(errors).toEqual([{ operation: 'prewarm', storagePath: SOURCE, variantKey: KEY }]);
    expect(
      await variants.prewarm('g/missing.jpg', [
        { variantKey: keyAt(320, 'webp', 'g/missing.jpg'), request: REQUEST },
      ]),
    ).toMatchObject({ sourceMissing: true, transformed: 0 });
  });

  it('still answers when the cache cannot be written', async () => {
    cache = createVariantCache({ dir, maxBytes: 10_000_000 });
    const broken: VariantCache = { ...cache, put: async () => Promise.reject(new Error('disk full')) };
    const variants = createVariantService({
      cache: broken,
      pool,
      loadSource: async () => original,
      onError: (_error, context) => errors.push(context),
    });
    expect((await variants.getVariant(SOURCE, KEY, REQUEST))?.cacheStatus).toBe('miss');
    expect(errors).toEqual([{ operation: 'cache-put', storagePath: SOURCE, variantKey: KEY }]);
  });

  it('refuses a variant key that does not belong to the storage path', async () => {
    await expect(service().getVariant('g/other.jpg', KEY, REQUEST)).rejects.toThrow(TypeError);
  });
});
