import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { immutableCacheControl } from '@/lib/image-guard/headers';
import { createFsObjectStore } from '@/lib/storage/fs-object-store';
import type { ObjectStore } from '@/lib/storage/object-store';
import { createS3ObjectStore } from '@/lib/storage/s3-object-store';
import { startS3rverTestServer } from '@/tests/support/s3rver-test-server';
import { jpeg, jpegWithGps, solid } from '@/tests/support/test-images';
import {
  DisplaySetPoolBusyError,
  type DisplaySetProgress,
  DisplaySetSourceMissingError,
  makeDisplaySet,
  removeDisplaySet,
} from './display-set-maker';
import { createTransformPool, type TransformPool } from './transform-pool';

const imageFormats = {
  avif: 'image/avif',
  webp: 'image/webp',
  jpeg: 'image/jpeg',
  png: 'image/png',
} as const;
type Format = keyof typeof imageFormats;

/** What a published original is called: `g/<sha256 of its bytes>.<ext>`. */
function publishedPath(bytes: Uint8Array, extension: string): string {
  return `g/${createHash('sha256').update(bytes).digest('hex')}.${extension}`;
}

/** The set spelled out by hand, not by the module under test: widths × formats, smallest first. */
function expectedKeys(storagePath: string, widths: number[], formats: Format[]): string[] {
  return widths.flatMap((width) => formats.map((format) => `v/${storagePath}/w-${width},q-75.${format}`));
}

/** The store, counting what is asked of it; `failPutAt` makes the n-th put (1-based) throw, as a crash would. */
function counting(store: ObjectStore, failPutAt = 0) {
  const counts = { put: 0, head: 0 };
  const wrapped: ObjectStore = {
    put: async (key, body, options) => {
      counts.put++;
      if (counts.put === failPutAt) throw new Error('the bucket went away');
      return store.put(key, body, options);
    },
    head: (key) => {
      counts.head++;
      return store.head(key);
    },
    get: (key) => store.get(key),
    delete: (key) => store.delete(key),
    copy: (from, to) => store.copy(from, to),
    list: (prefix) => store.list(prefix),
  };
  return { store: wrapped, counts };
}

async function listKeys(store: ObjectStore, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of store.list(prefix)) keys.push(object.key);
  return keys.sort();
}

async function bytesOf(store: ObjectStore, key: string): Promise<Uint8Array> {
  const object = await store.get(key);
  if (!object) throw new Error(`${key} is missing`);
  return new Uint8Array(await new Response(object.body).arrayBuffer());
}

function sourcesFrom(originals: Map<string, Uint8Array>) {
  const loads: string[] = [];
  return {
    loads,
    loadSource: async (storagePath: string) => {
      loads.push(storagePath);
      return originals.get(storagePath) ?? null;
    },
  };
}

/** Holds `slots` of the pool, as visitors' transforms would, until released. */
function occupy(pool: TransformPool, slots: number) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const running = Array.from({ length: slots }, () => pool.run(() => gate));
  return {
    release: async () => {
      release();
      await Promise.all(running);
    },
  };
}

const backends: [string, () => Promise<{ store: ObjectStore; cleanup: () => Promise<void> }>][] = [
  [
    'fs store',
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-dset-'));
      return {
        store: createFsObjectStore(dir),
        cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
      };
    },
  ],
  [
    's3 (s3rver)',
    async () => {
      const bucket = 'vitrine-public';
      const server = await startS3rverTestServer([bucket]);
      const store = createS3ObjectStore({
        bucket,
        endpoint: server.endpoint,
        region: 'us-east-1',
        accessKeyId: server.accessKeyId,
        secretAccessKey: server.secretAccessKey,
        forcePathStyle: true,
        listPageSize: 4,
      });
      return { store, cleanup: () => server.stop() };
    },
  ],
];

describe.each(backends)('makeDisplaySet and removeDisplaySet on the %s', (_name, open) => {
  let store: ObjectStore;
  let cleanup: () => Promise<void>;
  let photo: Uint8Array;
  let photoPath: string;
  let alpha: Uint8Array;
  let alphaPath: string;
  const pool = createTransformPool({ concurrency: 2, maxQueue: 8 });
  const originals = new Map<string, Uint8Array>();

  beforeAll(async () => {
    ({ store, cleanup } = await open());
    // A phone photograph: EXIF with make, model and GPS position, XMP naming the author.
    photo = await jpegWithGps(2000, 1200);
    photoPath = publishedPath(photo, 'jpg');
    alpha = await solid(700, 400, { r: 200, g: 40, b: 40, alpha: 0.5 }, 4).png().toBuffer();
    alphaPath = publishedPath(alpha, 'png');
    originals.set(photoPath, photo).set(alphaPath, alpha);
    for (const [key, bytes] of originals) await store.put(key, bytes, { contentType: 'image/jpeg' });
  });
  afterAll(() => cleanup?.());

  it('stores every member of a JPEG photo’s set under its exact key, with its headers and no metadata', async () => {
    const { loads, loadSource } = sourcesFrom(originals);
    const progress: DisplaySetProgress[] = [];
    const result = await makeDisplaySet(
      { store, pool, loadSource },
      { storagePath: photoPath, width: 2000 },
      { onProgress: (p) => void progress.push(p) },
    );
    expect(result).toEqual({ made: 15, alreadyStored: 0, total: 15 });
    expect(progress).toEqual(Array.from({ length: 16 }, (_, done) => ({ done, total: 15 })));
    // Read once for all fifteen.
    expect(loads).toEqual([photoPath]);

    const expected = expectedKeys(photoPath, [320, 640, 960, 1280, 1920], ['avif', 'webp', 'jpeg']);
    expect(await listKeys(store, `v/${photoPath}/`)).toEqual([...expected].sort());
    for (const key of expected) {
      const format = key.slice(key.lastIndexOf('.') + 1) as Format;
      const width = Number(/w-(\d+)/.exec(key)![1]);
      expect(await store.head(key), key).toMatchObject({
        key,
        contentType: imageFormats[format],
        cacheControl: immutableCacheControl,
      });
      const bytes = await bytesOf(store, key);
      const meta = await sharp(bytes).metadata();
      // AVIF stays AVIF at 1920 px (the edge cannot do that; this set is why it does not have to).
      expect(
        {
          format: meta.format === 'heif' ? meta.compression : meta.format,
          width: meta.width,
          height: meta.height,
        },
        key,
      ).toEqual({ format: format === 'avif' ? 'av1' : format, width, height: (width * 3) / 5 });
      expect({ exif: meta.exif, xmp: meta.xmp, iptc: meta.iptc, icc: meta.icc }, key).toEqual({});
      const text = Buffer.from(bytes).toString('latin1');
      for (const secret of ['PhoneMaker', 'GPS', 'Jane Doe', 'xmpmeta']) expect(text).not.toContain(secret);
    }
  });

  it('stores an alpha PNG’s set as AVIF, WebP and PNG (never JPEG), alpha kept, up to the rung above its width, at its width', async () => {
    const { loadSource } = sourcesFrom(originals);
    expect(await makeDisplaySet({ store, pool, loadSource }, { storagePath: alphaPath, width: 700 })).toEqual(
      {
        made: 9,
        alreadyStored: 0,
        total: 9,
      },
    );
    const expected = expectedKeys(alphaPath, [320, 640, 960], ['avif', 'webp', 'png']);
    expect(await listKeys(store, `v/${alphaPath}/`)).toEqual([...expected].sort());
    for (const key of expected) {
      const format = key.slice(key.lastIndexOf('.') + 1) as Format;
      expect(await store.head(key), key).toMatchObject({
        contentType: imageFormats[format],
        cacheControl: immutableCacheControl,
      });
      const meta = await sharp(await bytesOf(store, key)).metadata();
      expect([meta.hasAlpha, meta.format === 'heif' ? meta.compression : meta.format], key).toEqual([
        true,
        format === 'avif' ? 'av1' : format,
      ]);
      // The rung above the source holds the source's own 700 pixels, never enlarged ones.
      expect(meta.width, key).toBe(key.includes('/w-960,') ? 700 : Number(/w-(\d+)/.exec(key)![1]));
    }
  });

  it('is idempotent: a second run heads every member, reads nothing and puts nothing', async () => {
    const { store: watched, counts } = counting(store);
    const { loads, loadSource } = sourcesFrom(originals);
    const progress: DisplaySetProgress[] = [];
    const result = await makeDisplaySet(
      { store: watched, pool, loadSource },
      { storagePath: photoPath, width: 2000 },
      { onProgress: (p) => void progress.push(p) },
    );
    expect(result).toEqual({ made: 0, alreadyStored: 15, total: 15 });
    expect(counts).toEqual({ put: 0, head: 15 });
    expect(loads).toEqual([]);
    expect(progress).toEqual([{ done: 15, total: 15 }]);
  });

  it('remove takes exactly one source’s set and leaves the other set and the originals', async () => {
    expect(await removeDisplaySet(store, alphaPath)).toBe(9);
    expect(await listKeys(store, `v/${alphaPath}/`)).toEqual([]);
    expect(await listKeys(store, 'v/')).toHaveLength(15);
    expect(await listKeys(store, 'g/')).toEqual([photoPath, alphaPath].sort());
    // Again: nothing left, nothing to do.
    expect(await removeDisplaySet(store, alphaPath)).toBe(0);
  });
});

describe('makeDisplaySet when things go wrong (fs store)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-dset-faults-'));
  const store = createFsObjectStore(dir);
  const originals = new Map<string, Uint8Array>();
  let small: string;

  beforeAll(async () => {
    // 640 wide (on a rung): w320 and w640, three formats each.
    const bytes = await jpeg(640, 480);
    small = publishedPath(bytes, 'jpg');
    originals.set(small, bytes);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('says the original is missing, stores nothing, and reads nothing when nothing is missing', async () => {
    const { store: watched, counts } = counting(store);
    const missing = `g/${'e'.repeat(64)}.jpg`;
    const make = makeDisplaySet(
      { store: watched, pool: createTransformPool({ concurrency: 1 }), loadSource: async () => null },
      { storagePath: missing, width: 2000 },
    );
    await expect(make).rejects.toThrow(DisplaySetSourceMissingError);
    await expect(make).rejects.toThrow(
      `The published original ${missing} is missing from the public store, so its display set cannot be made; publish the generation again`,
    );
    expect(counts.put).toBe(0);
  });

  it('after a failure halfway, the rerun makes only what is missing', async () => {
    const pool = createTransformPool({ concurrency: 1 });
    const crashing = counting(store, 3);
    await expect(
      makeDisplaySet(
        { store: crashing.store, pool, loadSource: sourcesFrom(originals).loadSource },
        { storagePath: small, width: 640 },
      ),
    ).rejects.toThrow('the bucket went away');
    expect(await listKeys(store, `v/${small}/`)).toHaveLength(2);

    const rerun = counting(store);
    expect(
      await makeDisplaySet(
        { store: rerun.store, pool, loadSource: sourcesFrom(originals).loadSource },
        { storagePath: small, width: 640 },
      ),
    ).toEqual({ made: 4, alreadyStored: 2, total: 6 });
    expect(rerun.counts.put).toBe(4);
    expect(await listKeys(store, `v/${small}/`)).toEqual(
      expectedKeys(small, [320, 640], ['avif', 'webp', 'jpeg']).sort(),
    );
    expect(await removeDisplaySet(store, small)).toBe(6);
  });

  it('waits while visitors hold the pool, without queueing ahead of them, then makes the set', async () => {
    const pool = createTransformPool({ concurrency: 1, maxQueue: 4 });
    const visitors = occupy(pool, 1);
    const { store: watched, counts } = counting(store);
    const make = makeDisplaySet(
      { store: watched, pool, loadSource: sourcesFrom(originals).loadSource },
      { storagePath: small, width: 640 },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(counts.put).toBe(0);
    // It never even asked: no waiting task of its own is ahead of the next visitor.
    expect(pool.stats()).toMatchObject({ running: 1, queued: 0, rejected: 0 });
    await visitors.release();
    expect(await make).toEqual({ made: 6, alreadyStored: 0, total: 6 });
    expect(await removeDisplaySet(store, small)).toBe(6);
  });

  it('with two slots it leaves the last free one to visitors', async () => {
    const pool = createTransformPool({ concurrency: 2, maxQueue: 4 });
    const visitor = occupy(pool, 1);
    const { store: watched, counts } = counting(store);
    const make = makeDisplaySet(
      { store: watched, pool, loadSource: sourcesFrom(originals).loadSource },
      { storagePath: small, width: 640 },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(counts.put).toBe(0);
    // A second visitor gets the free slot at once.
    expect(await pool.run(async () => 'served')).toBe('served');
    await visitor.release();
    expect(await make).toEqual({ made: 6, alreadyStored: 0, total: 6 });
    expect(await removeDisplaySet(store, small)).toBe(6);
  });

  it('gives up after the bounded wait when the pool stays busy, storing nothing', async () => {
    const pool = createTransformPool({ concurrency: 1 });
    const visitors = occupy(pool, 1);
    const { store: watched, counts } = counting(store);
    const started = Date.now();
    await expect(
      makeDisplaySet(
        { store: watched, pool, loadSource: sourcesFrom(originals).loadSource },
        { storagePath: small, width: 640 },
        { maxSlotWaitMs: 300 },
      ),
    ).rejects.toThrow(DisplaySetPoolBusyError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(counts.put).toBe(0);
    await visitors.release();
  });

  it('a publish goes before a backfill, and publishes in the order they began', async () => {
    const sources = await Promise.all(
      [1, 2, 3].map(async (i) => {
        const bytes = await solid(640, 480, { r: 30 * i, g: 120, b: 60 })
          .jpeg()
          .toBuffer();
        const storagePath = publishedPath(bytes, 'jpg');
        originals.set(storagePath, bytes);
        return storagePath;
      }),
    );
    const [backfilled, firstPublish, secondPublish] = sources as [string, string, string];
    const pool = createTransformPool({ concurrency: 1 });
    const order: string[] = [];
    const recording: ObjectStore = {
      ...store,
      put: async (key, body, options) => {
        // v/<source>/<variant>: the source each stored member belongs to.
        order.push(key.slice(2, key.lastIndexOf('/')));
        return store.put(key, body, options);
      },
      head: (key) => store.head(key),
    };
    const deps = { store: recording, pool, loadSource: sourcesFrom(originals).loadSource };
    // Everyone waits for a visitor; the backfill asked first.
    const visitors = occupy(pool, 1);
    const backfill = makeDisplaySet(deps, { storagePath: backfilled, width: 640 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const first = makeDisplaySet(deps, { storagePath: firstPublish, width: 640 }, { priority: 'publish' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = makeDisplaySet(deps, { storagePath: secondPublish, width: 640 }, { priority: 'publish' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await visitors.release();
    await Promise.all([backfill, first, second]);
    expect(order).toEqual([
      ...Array(6).fill(firstPublish),
      ...Array(6).fill(secondPublish),
      ...Array(6).fill(backfilled),
    ]);
    for (const source of sources) expect(await removeDisplaySet(store, source)).toBe(6);
  });

  it('stops at the next member once aborted, keeping what it stored', async () => {
    const pool = createTransformPool({ concurrency: 1 });
    const controller = new AbortController();
    const make = makeDisplaySet(
      { store, pool, loadSource: sourcesFrom(originals).loadSource },
      { storagePath: small, width: 640 },
      {
        signal: controller.signal,
        onProgress: ({ done }) => {
          if (done === 2) controller.abort(new Error('shutting down'));
        },
      },
    );
    await expect(make).rejects.toThrow('shutting down');
    expect(await listKeys(store, `v/${small}/`)).toHaveLength(2);

    // Aborted while waiting for a slot: it wakes at once instead of finishing its wait.
    const visitors = occupy(pool, 1);
    const waiting = new AbortController();
    const started = Date.now();
    const blocked = makeDisplaySet(
      { store, pool, loadSource: sourcesFrom(originals).loadSource },
      { storagePath: small, width: 640 },
      { signal: waiting.signal },
    );
    setTimeout(() => waiting.abort(new Error('stop waiting')), 100);
    await expect(blocked).rejects.toThrow('stop waiting');
    // Far less than the 60 s a wait for a slot may take.
    expect(Date.now() - started).toBeLessThan(5_000);
    await visitors.release();
    expect(await removeDisplaySet(store, small)).toBe(2);
  });
});
