import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as feedRoute from '@/app/api/feed/route';
import { createFsObjectStore } from '@/lib/storage/fs-object-store';
import { createS3ObjectStore } from '@/lib/storage/s3-object-store';
import { serveImageRequest } from '@/lib/transform/serve-image';
import { type FaultProxy, startFaultProxy } from '@/tests/support/fault-proxy';
import { startS3rverTestServer, type S3rverTestServer } from '@/tests/support/s3rver-test-server';
import { installTestAppServices, type TestAppServices } from '@/tests/support/test-app-services';
import { fixtureGeneration, insertGenerations } from '@/tests/support/test-fixtures';
import { jpeg } from '@/tests/support/test-images';

/**
 * The object store fails under a running app: S3 refused or hung (a fault proxy in front of a real
 * s3rver), the embedded store's folder gone, the variant cache unwritable. The feed keeps answering,
 * `/i/` answers 5xx `no-store` within seconds and frees its transform slot, and everything works
 * again when storage is back — with no restart.
 */

const timeouts = { connectMs: 500, requestMs: 1_500 };

/**
 * Asks for a variant of `storagePath` that is in no cache tier (its cached variants are dropped
 * first), so the request reaches storage.
 */
async function uncached(services: TestAppServices, storagePath: string): Promise<Response> {
  await services.variants.purge(storagePath);
  const request = new Request(`http://localhost/i/w-640/${storagePath}`, {
    headers: { Accept: 'image/jpeg' },
  });
  return serveImageRequest(request, services.variants);
}

async function timed(work: Promise<Response>) {
  const started = performance.now();
  const response = await work;
  return { response, ms: performance.now() - started };
}

async function feedAnswers(): Promise<number> {
  const response = await feedRoute.GET(new Request('http://localhost/api/feed?limit=4'));
  return response.status;
}

describe('S3 behind a fault proxy', () => {
  let s3: S3rverTestServer;
  let proxy: FaultProxy;
  let services: TestAppServices;
  const storagePath = 'g/aaaa000000000000000000000000000000000000000000000000000000000001.jpg';

  beforeAll(async () => {
    s3 = await startS3rverTestServer(['public-faults', 'private-faults']);
    const endpoint = new URL(s3.endpoint);
    proxy = await startFaultProxy({ host: endpoint.hostname, port: Number(endpoint.port) });
    const store = (bucket: string) =>
      createS3ObjectStore({
        bucket,
        endpoint: proxy.url('http'),
        region: 'auto',
        accessKeyId: s3.accessKeyId,
        secretAccessKey: s3.secretAccessKey,
        forcePathStyle: true,
        timeouts,
      });
    services = await installTestAppServices({
      stores: { public: store('public-faults'), private: store('private-faults') },
      sourceReadTimeoutMs: 1_500,
    });
    await services.stores.public.put(storagePath, await jpeg(800, 600), { contentType: 'image/jpeg' });
    await insertGenerations(services.handle.db, [fixtureGeneration({ storageKey: storagePath })]);
  }, 60_000);

  afterAll(async () => {
    await services?.close();
    await proxy?.close();
    await s3?.stop();
  });

  it('refused: the feed answers, /i/ is a fast 5xx no-store, and recovers when S3 is back', async () => {
    expect((await uncached(services, storagePath)).status).toBe(200);
    await proxy.down();
    expect(await feedAnswers()).toBe(200);
    const { response, ms } = await timed(uncached(services, storagePath));
    expect(response.status).toBeGreaterThanOrEqual(500);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(ms).toBeLessThan(5_000);
    expect(services.pool.isIdle()).toBe(true);

    await proxy.up();
    // Not remembered as missing: the very next request reads S3 again.
    const back = await uncached(services, storagePath);
    expect(back.status).toBe(200);
    expect(back.headers.get('content-type')).toBe('image/jpeg');
  }, 30_000);

  it('stalled: /i/ gives up within seconds, frees the slot, and recovers', async () => {
    proxy.stall();
    expect(await feedAnswers()).toBe(200);
    const { response, ms } = await timed(uncached(services, storagePath));
    expect([500, 504]).toContain(response.status);
    expect(response.headers.get('cache-control')).toBe('no-store');
    // Two attempts of at most 1.5 s each, plus backoff: seconds, not forever.
    expect(ms).toBeLessThan(6_000);
    expect(services.pool.isIdle()).toBe(true);

    await proxy.up();
    expect((await uncached(services, storagePath)).status).toBe(200);
  }, 30_000);
});

describe('the embedded store and the variant cache on a failing disk', () => {
  let services: TestAppServices;
  let storageDir: string;
  const storagePath = 'g/bbbb000000000000000000000000000000000000000000000000000000000002.jpg';

  beforeAll(async () => {
    services = await installTestAppServices();
    storageDir = path.join(services.dir, 'storage');
    await services.stores.public.put(storagePath, await jpeg(800, 600), { contentType: 'image/jpeg' });
    await insertGenerations(services.handle.db, [fixtureGeneration({ storageKey: storagePath })]);
  });

  afterAll(async () => {
    await services?.close();
  });

  it('folder gone: 5xx no-store (never a cacheable 404), the feed answers, and it recovers', async () => {
    expect((await uncached(services, storagePath)).status).toBe(200);
    fs.renameSync(storageDir, `${storageDir}.away`);
    try {
      const gone = await uncached(services, storagePath);
      expect(gone.status).toBe(500);
      expect(gone.headers.get('cache-control')).toBe('no-store');
      expect(await feedAnswers()).toBe(200);
    } finally {
      fs.renameSync(`${storageDir}.away`, storageDir);
    }
    expect((await uncached(services, storagePath)).status).toBe(200);
  });

  it('a variant cache that cannot be written: images are still served, transformed each time', async () => {
    const variants = path.join(services.dir, 'unwritable-variants');
    // A file where the cache's folder should be: every write fails (ENOTDIR), as on a full disk.
    fs.writeFileSync(variants, 'not a folder');
    const degraded = await installTestAppServices({
      stores: { public: createFsObjectStore(storageDir), private: services.stores.private },
      variantDir: variants,
    });
    try {
      const request = () =>
        new Request(`http://localhost/i/w-320/${storagePath}`, { headers: { Accept: 'image/jpeg' } });
      const tiers: (string | null)[] = [];
      const observe = (event: { cache: string | null }) => tiers.push(event.cache);
      for (let i = 0; i < 2; i++) {
        const response = await serveImageRequest(request(), degraded.variants, { observe });
        expect(response.status).toBe(200);
        expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(100);
      }
      // The first is transformed; the second comes from memory (the disk tier could not keep it).
      expect(tiers).toEqual(['miss', 'memory']);
      expect(fs.statSync(variants).isFile()).toBe(true);
    } finally {
      await degraded.close();
    }
  });
});
