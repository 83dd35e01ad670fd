import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { storedKeyFor } from '@/lib/image-guard/display-set';
import type { LadderWidth, OutputFormat } from '@/lib/images/ladder';
import { variantKey } from '@/lib/images/storage-keys';
import { createFsObjectStore } from '@/lib/storage/fs-object-store';
import type { ObjectStore } from '@/lib/storage/object-store';
import { ObjectTooLargeError } from '@/lib/storage/read-object';
import { createS3ObjectStore } from '@/lib/storage/s3-object-store';
import { jpeg } from '@/tests/support/test-images';
import { type S3rverTestServer, startS3rverTestServer } from '@/tests/support/s3rver-test-server';
import { createMissLimiter } from './miss-limiter';
import { createStoredVariantLoader } from './stored-variants';
import { createTransformPool } from './transform-pool';
import type { VariantRequest } from './types';
import { createVariantCache } from './variant-cache';
import {
  createVariantService,
  StoredVariantMismatchError,
  TooManyMissesError,
  type VariantServiceOptions,
} from './variant-service';

const SOURCE = `g/${'c'.repeat(64)}.jpg`;
const immutable = 'public, max-age=31536000, immutable';

function variantAt(width: LadderWidth, format: OutputFormat = 'avif') {
  const transform = { width, quality: 75 as const, ratio: null };
  const storedKey = storedKeyFor(SOURCE, transform, format);
  if (storedKey === null) throw new Error('an emitted transform has a stored key');
  const request: VariantRequest = { width, quality: 75, format };
  return { variantKey: variantKey(SOURCE, transform, format), storedKey, request };
}

let original: Buffer;
/** Made differently from what transformImage would make (q-40), so an answer shows where it came from. */
let storedAvif640: Buffer;
let storedWebp320: Buffer;

beforeAll(async () => {
  original = await jpeg(1600, 1000);
  storedAvif640 = await sharp(original).resize(640).avif({ quality: 40, effort: 0 }).toBuffer();
  storedWebp320 = await sharp(original).resize(320).webp({ quality: 40, effort: 0 }).toBuffer();
});

const s3: { server?: S3rverTestServer } = {};
afterAll(async () => {
  await s3.server?.stop();
});

const stores: [string, (root: string) => Promise<ObjectStore>][] = [
  ['the filesystem store', async (root) => createFsObjectStore(path.join(root, 'public'))],
  [
    'an S3 bucket (s3rver)',
    async () => {
      s3.server ??= await startS3rverTestServer(['vitrine-public']);
      // One bucket for the file: emptied before each test.
      const store = createS3ObjectStore({
        bucket: 'vitrine-public',
        endpoint: s3.server.endpoint,
        region: 'us-east-1',
        accessKeyId: s3.server.accessKeyId,
        secretAccessKey: s3.server.secretAccessKey,
        forcePathStyle: true,
      });
      for await (const object of store.list('')) await store.delete(object.key);
      return store;
    },
  ],
];

describe.each(stores)('stored display variants through %s', (_name, makeStore) => {
  let root: string;
  let store: ObjectStore;
  let runSpies: { mock: { calls: unknown[] } }[];
  /** Encodes so far, across every instance of the test. */
  const encodes = () => runSpies.reduce((sum, spy) => sum + spy.mock.calls.length, 0);
  let sourceLoads: number;
  let storedLoads: string[];

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'stored-variants-'));
    store = await makeStore(root);
    runSpies = [];
    sourceLoads = 0;
    storedLoads = [];
    await store.put(SOURCE, original, { contentType: 'image/jpeg', cacheControl: immutable });
    await store.put(variantAt(640).storedKey, storedAvif640, {
      contentType: 'image/avif',
      cacheControl: immutable,
    });
  }, 30_000);
  afterEach(async () => {
    vi.restoreAllMocks();
    await fs.rm(root, { recursive: true, force: true });
  });

  /** One app instance: its own pool (run calls counted: a run is an encode), memory tier and cache dir. */
  function instance(name: string, extra: Partial<VariantServiceOptions> = {}) {
    const pool = createTransformPool({ concurrency: 2, maxQueue: 16 });
    // Counts, and runs the real pool: every encode goes through run().
    runSpies.push(vi.spyOn(pool, 'run'));
    const loadStored = createStoredVariantLoader(store);
    return createVariantService({
      async loadSource(storagePath) {
        sourceLoads++;
        const object = await store.get(storagePath);
        return object ? new Uint8Array(await new Response(object.body).arrayBuffer()) : null;
      },
      async loadStored(storedKey) {
        storedLoads.push(storedKey);
        return loadStored(storedKey);
      },
      cache: createVariantCache({ dir: path.join(root, name), maxBytes: 64 * 1024 * 1024 }),
      pool,
      ...extra,
    });
  }

  it('the loader gives the stored bytes and type, or null when nothing is stored', async () => {
    const load = createStoredVariantLoader(store);
    expect(await load(variantAt(640).storedKey)).toEqual({
      bytes: storedAvif640,
      contentType: 'image/avif',
    });
    expect(await load(variantAt(960).storedKey)).toBeNull();
  });

  it('the loader reads bounded: an object above the limit is refused', async () => {
    const load = createStoredVariantLoader(store, { maxBytes: 100, timeoutMs: 5_000 });
    await expect(load(variantAt(640).storedKey)).rejects.toBeInstanceOf(ObjectTooLargeError);
  });

  it('a stored variant is served from the store with no encode, then from memory, then disk', async () => {
    const { variantKey: key, storedKey, request } = variantAt(640);
    const first = instance('a');
    const stored = await first.getVariant(SOURCE, key, request, { storedKey });
    expect(stored).toEqual({
      variant: { bytes: storedAvif640, contentType: 'image/avif' },
      cacheStatus: 'store',
    });
    expect((await first.getVariant(SOURCE, key, request, { storedKey }))?.cacheStatus).toBe('memory');
    // Another process over the same cache dir: what was read went to disk too.
    const restarted = createVariantService({
      loadSource: async () => original,
      loadStored: async () => {
        throw new Error('must not be read again');
      },
      cache: createVariantCache({ dir: path.join(root, 'a'), maxBytes: 64 * 1024 * 1024 }),
      pool: createTransformPool({ concurrency: 1, maxQueue: 1 }),
    });
    const fromDisk = await restarted.getVariant(SOURCE, key, request, { storedKey });
    expect(fromDisk?.cacheStatus).toBe('disk');
    expect(fromDisk?.variant.bytes).toEqual(storedAvif640);
    expect({ runs: encodes(), sourceLoads, storedLoads }).toEqual({
      runs: 0,
      sourceLoads: 0,
      storedLoads: [storedKey],
    });
  });

  it('two app instances over one store answer byte-identical bytes with zero encodes', async () => {
    await store.put(variantAt(320, 'webp').storedKey, storedWebp320, { contentType: 'image/webp' });
    const a = instance('a');
    const b = instance('b');
    for (const [width, format] of [
      [640, 'avif'],
      [320, 'webp'],
    ] as const) {
      const { variantKey: key, storedKey, request } = variantAt(width, format);
      const [fromA, fromB] = await Promise.all([
        a.getVariant(SOURCE, key, request, { storedKey }),
        b.getVariant(SOURCE, key, request, { storedKey }),
      ]);
      expect(fromA?.cacheStatus).toBe('store');
      expect(fromB?.cacheStatus).toBe('store');
      expect(Buffer.from(fromA!.variant.bytes).equals(Buffer.from(fromB!.variant.bytes))).toBe(true);
      expect(fromA?.variant.contentType).toBe(`image/${format}`);
    }
    expect({ runs: encodes(), sourceLoads }).toEqual({ runs: 0, sourceLoads: 0 });
  });

  it('concurrent requests for one stored variant share one read', async () => {
    const { variantKey: key, storedKey, request } = variantAt(640);
    const service = instance('a');
    const results = await Promise.all(
      Array.from({ length: 6 }, () => service.getVariant(SOURCE, key, request, { storedKey })),
    );
    expect(results.map((r) => r?.cacheStatus)).toEqual(Array(6).fill('store'));
    expect(storedLoads).toEqual([storedKey]);
  });

  it('not stored → transformed exactly as before, and the source is not taken for missing', async () => {
    const { variantKey: key, storedKey, request } = variantAt(960);
    const service = instance('a');
    const made = await service.getVariant(SOURCE, key, request, { storedKey });
    expect(made?.cacheStatus).toBe('miss');
    expect((await sharp(made!.variant.bytes).metadata()).width).toBe(960);
    expect({ runs: encodes(), sourceLoads, storedLoads }).toEqual({
      runs: 1,
      sourceLoads: 1,
      storedLoads: [storedKey],
    });
    // The stored miss did not mark the source missing: another variant of it is still made.
    const other = variantAt(320, 'webp');
    expect((await service.getVariant(SOURCE, other.variantKey, other.request, other))?.cacheStatus).toBe(
      'miss',
    );
    expect((await service.getVariant(SOURCE, key, request, { storedKey }))?.cacheStatus).toBe('memory');
    expect(encodes()).toBe(2);
  });

  it('without a stored key (a variant outside the set) the store is never asked', async () => {
    const service = instance('a');
    const key = variantKey(SOURCE, { width: 640, quality: 80, ratio: null }, 'avif');
    const made = await service.getVariant(
      SOURCE,
      key,
      { width: 640, quality: 80, format: 'avif' },
      { storedKey: null },
    );
    expect(made?.cacheStatus).toBe('miss');
    expect({ runs: encodes(), storedLoads }).toEqual({ runs: 1, storedLoads: [] });
  });

  it('neither stored nor published → null (404)', async () => {
    await store.delete(SOURCE);
    const { variantKey: key, storedKey, request } = variantAt(960);
    const service = instance('a');
    expect(await service.getVariant(SOURCE, key, request, { storedKey })).toBeNull();
    // Remembered missing now (the transform found no source): the store is not asked again.
    expect(await service.getVariant(SOURCE, key, request, { storedKey })).toBeNull();
    expect({ storedLoads: storedLoads.length, sourceLoads }).toEqual({ storedLoads: 1, sourceLoads: 1 });
  });

  it('a stored object of another format fails the request and caches nothing', async () => {
    const { variantKey: key, storedKey, request } = variantAt(320, 'avif');
    await store.put(storedKey, storedWebp320, { contentType: 'image/webp' });
    const service = instance('a');
    await expect(service.getVariant(SOURCE, key, request, { storedKey })).rejects.toBeInstanceOf(
      StoredVariantMismatchError,
    );
    await expect(service.getVariant(SOURCE, key, request, { storedKey })).rejects.toBeInstanceOf(
      StoredVariantMismatchError,
    );
    expect({ runs: encodes(), storedLoads: storedLoads.length }).toEqual({ runs: 0, storedLoads: 2 });
  });

  it('a stored key that does not hold the variant is refused', async () => {
    const service = instance('a');
    const { variantKey: key, request } = variantAt(640);
    await expect(
      service.getVariant(SOURCE, key, request, { storedKey: variantAt(320).storedKey }),
    ).rejects.toThrow(TypeError);
    expect(storedLoads).toEqual([]);
  });

  it('stored reads take no token of the miss budget; transforms do', async () => {
    await store.put(variantAt(320, 'webp').storedKey, storedWebp320, { contentType: 'image/webp' });
    const service = instance('a', {
      limiter: createMissLimiter({ burst: 1, perSecond: 0.001, maxClients: 10 }),
      now: () => 0,
    });
    const client = '203.0.113.9';
    for (const [width, format] of [
      [640, 'avif'],
      [320, 'webp'],
    ] as const) {
      const { variantKey: key, storedKey, request } = variantAt(width, format);
      expect((await service.getVariant(SOURCE, key, request, { storedKey, client }))?.cacheStatus).toBe(
        'store',
      );
    }
    const first = variantAt(960);
    expect(
      (await service.getVariant(SOURCE, first.variantKey, first.request, { ...first, client }))?.cacheStatus,
    ).toBe('miss');
    const second = variantAt(1280);
    await expect(
      service.getVariant(SOURCE, second.variantKey, second.request, { storedKey: second.storedKey, client }),
    ).rejects.toBeInstanceOf(TooManyMissesError);
  });

  it('after unpublish (objects removed, purge) nothing is served from the cache', async () => {
    const { variantKey: key, storedKey, request } = variantAt(640);
    const service = instance('a');
    expect((await service.getVariant(SOURCE, key, request, { storedKey }))?.cacheStatus).toBe('store');
    await store.delete(storedKey);
    await store.delete(SOURCE);
    await service.purge(SOURCE);
    expect(await service.getVariant(SOURCE, key, request, { storedKey })).toBeNull();
    expect(encodes()).toBe(1);
  });

  it('a stored read running during a purge is not cached', async () => {
    const { variantKey: key, storedKey, request } = variantAt(640);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const loader = createStoredVariantLoader(store);
    const service = instance('a', {
      async loadStored(k) {
        storedLoads.push(k);
        await gate;
        return loader(k);
      },
    });
    const reading = service.getVariant(SOURCE, key, request, { storedKey });
    await vi.waitFor(() => expect(storedLoads).toHaveLength(1), { timeout: 5_000 });
    await service.purge(SOURCE);
    release();
    expect((await reading)?.cacheStatus).toBe('store');
    expect((await service.getVariant(SOURCE, key, request, { storedKey }))?.cacheStatus).toBe('store');
    expect(storedLoads).toHaveLength(2);
  });
});
