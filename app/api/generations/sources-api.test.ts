import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '@/lib/auth/api-tokens';
import type { CuratorGeneration } from '@/lib/curation/curator-generation';
import { selectRows } from '@/lib/db/client';
import { readBucketSource } from '@/lib/ingest/bucket-source';
import { parseImportAllowedHosts } from '@/lib/ingest/fetch-source';
import type { ObjectStore } from '@/lib/storage/object-store';
import { type CallOptions, call } from '@/tests/support/curator-api';
import {
  type S3rverTestServer,
  s3rverStore,
  startS3rverTestServer,
} from '@/tests/support/s3rver-test-server';
import { installTestAppServices, type TestAppServices } from '@/tests/support/test-app-services';
import { describeEachDatabase, openTestDatabase } from '@/tests/support/test-databases';
import { distinctImage, withPngChunks } from '@/tests/support/test-images';

/**
 * The three ways in through the route, on PGlite and Postgres: JSON `sourceUrl` (a real HTTP source
 * on loopback, named in the allowed hosts as IMPORT_ALLOWED_HOSTS would), JSON `bucketKey` (the
 * host app's bucket on s3rver), and the same sniffing, metadata, dedupe and `Idempotency-Key` for all.
 */
const a1111 =
  'a lighthouse in a storm, oil painting\nNegative prompt: blurry\n' +
  'Steps: 30, Sampler: DPM++ 2M, CFG scale: 7, Seed: 1234, Size: 320x200, Model: storm-xl';

interface SourceServer {
  base: string;
  hits: Map<string, number>;
  files: Map<string, Uint8Array>;
  close(): Promise<void>;
}

async function sourceServer(): Promise<SourceServer> {
  const hits = new Map<string, number>();
  const files = new Map<string, Uint8Array>();
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
    const to = url.searchParams.get('to');
    if (to) {
      response.writeHead(302, { location: to }).end();
      return;
    }
    const file = files.get(url.pathname);
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    // Slow on purpose for /slow/…: concurrent retries arrive while the first is still fetching.
    const delay = url.pathname.startsWith('/slow/') ? 400 : 0;
    setTimeout(
      () => response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(file),
      delay,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    hits,
    files,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let s3: S3rverTestServer;
let source: SourceServer;
let bucket: ObjectStore;

beforeAll(async () => {
  s3 = await startS3rverTestServer(['host-app-bucket']);
  bucket = s3rverStore(s3, 'host-app-bucket');
  source = await sourceServer();
}, 60_000);
afterAll(async () => {
  await source?.close();
  await s3?.stop();
});

describeEachDatabase('POST /api/generations from a URL and from the host app bucket', (kind) => {
  let services: TestAppServices;
  let token: string;

  beforeAll(async () => {
    services = await installTestAppServices({
      database: await openTestDatabase(kind),
      imports: {
        fetch: {
          allowedHosts: parseImportAllowedHosts(new URL(source.base).host),
          timeoutMs: 5_000,
          maxRedirects: 3,
        },
        bucket,
      },
    });
    token = (
      await createApiToken(services.handle.db, { name: `host-${kind}`, scope: 'submit', lifetimeMs: null })
    ).token;
  }, 60_000);
  afterAll(() => services?.close());

  const send = (json: unknown, options: CallOptions = {}) =>
    call('POST', '/api/generations', {
      json,
      origin: null,
      ...options,
      headers: { authorization: `Bearer ${token}`, ...options.headers },
    });

  async function stored() {
    const [row] = await selectRows<{ n: number }>(
      services.handle.db,
      sql`select count(*)::int as n from generations`,
    );
    let objects = 0;
    for await (const _ of services.stores.private.list('originals/')) objects++;
    return { rows: row?.n ?? 0, objects };
  }

  it('sourceUrl: the bytes are fetched, sniffed and read like an upload; the same URL again is the same generation', async () => {
    const png = withPngChunks(await distinctImage('png'), [{ keyword: 'parameters', text: a1111 }]);
    source.files.set(`/gen/${kind}-a.png`, png);
    const response = await send({
      sourceUrl: `${source.base}/gen/${kind}-a.png`,
      author: 'ada',
      rating: 'sensitive',
    });
    expect(response.status, await response.clone().text()).toBe(201);
    const made = (await response.json()) as CuratorGeneration;
    expect(made).toMatchObject({
      status: 'submitted',
      prompt: 'a lighthouse in a storm, oil painting',
      negativePrompt: 'blurry',
      model: 'storm-xl',
      author: 'ada',
      seed: 1234,
      rating: 'sensitive',
      format: 'png',
    });
    const again = await send({ sourceUrl: `${source.base}/gen/${kind}-a.png` });
    expect(again.status).toBe(200);
    expect(((await again.json()) as CuratorGeneration).id).toBe(made.id);
  });

  it('bucketKey: read from the host app bucket through the same pipeline', async () => {
    const png = await distinctImage('png');
    await bucket.put(`users/123/gen/${kind}.png`, png, { contentType: 'image/png' });
    const response = await send({
      bucketKey: `users/123/gen/${kind}.png`,
      prompt: 'from the bucket',
      model: 'm',
    });
    expect(response.status, await response.clone().text()).toBe(201);
    expect(await response.json()).toMatchObject({
      status: 'submitted',
      prompt: 'from the bucket',
      format: 'png',
    });
  });

  it.each([
    ['an internal address', () => ({ sourceUrl: 'https://169.254.169.254/latest/meta-data/' }), 400],
    ['loopback over https', () => ({ sourceUrl: 'https://127.0.0.1:9/a.png' }), 400],
    ['localhost', () => ({ sourceUrl: 'https://localhost/a.png' }), 400],
    ['plain http to a host not allowed', () => ({ sourceUrl: 'http://example.com/a.png' }), 400],
    [
      'a redirect from an allowed host to a private one',
      () => ({ sourceUrl: `${source.base}/r?to=${encodeURIComponent('https://10.0.0.1/a.png')}` }),
      400,
    ],
    ['a URL that answers 404', () => ({ sourceUrl: `${source.base}/nothing.png` }), 422],
    ['HTML served as a .png', () => ({ sourceUrl: `${source.base}/page.png` }), 415],
    ['a key not in the bucket', () => ({ bucketKey: 'users/123/gen/none.png' }), 422],
    ['a key that climbs out', () => ({ bucketKey: 'users/../../etc/passwd' }), 400],
    ['a key with a NUL', () => ({ bucketKey: 'users/1\u0000.png' }), 400],
    ['both ways at once', () => ({ sourceUrl: `${source.base}/x.png`, bucketKey: 'x.png' }), 400],
    ['neither way', () => ({ prompt: 'p' }), 400],
    ['an unknown field', () => ({ bucketKey: 'x.png', colour: 'red' }), 400],
    ['a bad rating', () => ({ bucketKey: 'x.png', rating: 'nsfw' }), 400],
  ])('%s → %i in the error contract, nothing stored', async (_name, body, status) => {
    source.files.set('/page.png', new TextEncoder().encode('<!doctype html><script>alert(1)</script>'));
    const before = await stored();
    const response = await send(body());
    expect(response.status).toBe(status);
    const answer = (await response.json()) as { error: { code: string; message: string } };
    expect(answer.error.message.length).toBeGreaterThan(10);
    expect(await stored()).toEqual(before);
  });

  it('another Content-Type is a 415', async () => {
    const response = await call('POST', '/api/generations', {
      origin: null,
      body: 'sourceUrl=https://example.com/a.png',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.status).toBe(415);
  });

  it('Idempotency-Key: concurrent retries of one request make one generation, fetched once', async () => {
    const path = `/slow/${kind}-retried.png`;
    source.files.set(path, await distinctImage('png'));
    const before = await stored();
    const body = { sourceUrl: `${source.base}${path}`, prompt: 'retried', model: 'm' };
    const key = `retry-${kind}-1`;
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => send(body, { headers: { 'idempotency-key': key } })),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 201]);
    const ids = new Set(
      await Promise.all(answers.map(async (answer) => ((await answer.json()) as CuratorGeneration).id)),
    );
    expect(ids.size).toBe(1);
    expect(source.hits.get(path)).toBe(1);
    expect(await stored()).toEqual({ rows: before.rows + 1, objects: before.objects + 1 });

    // Later, the same key and request: the same generation, nothing fetched again.
    const later = await send(body, { headers: { 'idempotency-key': key } });
    expect(later.status).toBe(200);
    expect(source.hits.get(path)).toBe(1);

    // The same key for another request is refused; a malformed key too.
    const reused = await send({ ...body, prompt: 'something else' }, { headers: { 'idempotency-key': key } });
    expect(reused.status).toBe(422);
    expect((await reused.json()).error.code).toBe('unprocessable_entity');
    const malformed = await send(body, { headers: { 'idempotency-key': 'has spaces in it' } });
    expect(malformed.status).toBe(400);
  });

  it('Idempotency-Key: a request that failed releases its key, so the retry runs', async () => {
    const path = `/${kind}-later.png`;
    const body = { sourceUrl: `${source.base}${path}`, prompt: 'p', model: 'm' };
    const first = await send(body, { headers: { 'idempotency-key': `late-${kind}` } });
    expect(first.status).toBe(422);
    source.files.set(path, await distinctImage('png'));
    const retry = await send(body, { headers: { 'idempotency-key': `late-${kind}` } });
    expect(retry.status).toBe(201);
  });
});

describe('readBucketSource', () => {
  it('refuses an object larger than the limit from its size, and a server with no import bucket', async () => {
    await bucket.put('users/9/big.png', new Uint8Array(4_096), { contentType: 'image/png' });
    await expect(
      readBucketSource(bucket, 'users/9/big.png', { maxBytes: 1_000, timeoutMs: 5_000 }),
    ).rejects.toMatchObject({
      status: 413,
    });
    await expect(
      readBucketSource(null, 'users/9/big.png', { maxBytes: 1_000, timeoutMs: 5_000 }),
    ).rejects.toMatchObject({
      status: 400,
      message: 'bucketKey needs the server to name the import bucket (IMPORT_S3_BUCKET).',
    });
  });
});
