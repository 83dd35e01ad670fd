import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CuratorGeneration } from '@/lib/curation/curator-generation';
import { queryFeedPage } from '@/lib/feed/feed-query';
import { parsePublishedKey, privateOriginalKeyOf } from '@/lib/images/storage-keys';
import { readObject as readBounded, sourceReadLimits } from '@/lib/storage/read-object';
import { makeDisplaySet } from '@/lib/transform/display-set-maker';
import { answerImageRequest } from '@/lib/transform/serve-image';
import {
  call,
  fileForm,
  installWithCurator,
  publishAndWait,
  waitUntilPublished,
} from '@/tests/support/curator-api';
import type { TestAppServices } from '@/tests/support/test-app-services';
import { fixtureGeneration, insertGenerations } from '@/tests/support/test-fixtures';
import { jpegWithGps, pngHeaderOnly, solid, withPngChunks } from '@/tests/support/test-images';

const email = 'studio@vitrine.test';
const password = 'a long enough password';
const a1111 =
  'a red fox in fresh snow, morning light\nNegative prompt: blurry\n' +
  'Steps: 28, Sampler: Euler a, CFG scale: 6, Seed: 987654321, Size: 640x480, Model: vitrine-xl-1.0';

let services: TestAppServices;
let cookie: string;

beforeAll(async () => {
  ({ services, cookie } = await installWithCurator(email, password));
}, 60_000);
afterAll(() => services?.close());

async function upload(bytes: Uint8Array, name: string, fields: Record<string, string> = {}) {
  return call('POST', '/api/generations', { cookie, body: fileForm(bytes, name, fields) });
}

async function uploaded(bytes: Uint8Array, name: string, fields: Record<string, string> = {}) {
  const response = await upload(bytes, name, fields);
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as CuratorGeneration;
}

async function publicKeys(): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of services.stores.public.list('g/')) keys.push(object.key);
  return keys.sort();
}

async function publishedKeys(): Promise<string[]> {
  const page = await queryFeedPage(services.handle.db, { limit: 60 }, 'x'.repeat(32));
  return page.items.map((item) => item.src).sort();
}

async function metadataOf(bytes: Uint8Array) {
  const { exif, xmp, iptc, comments } = await sharp(bytes).metadata();
  return { exif: exif ?? null, xmp: xmp ?? null, iptc: iptc ?? null, comments: comments ?? [] };
}

const readObject = async (key: string, which: 'public' | 'private') => {
  const object = await services.stores[which].get(key);
  return object ? new Uint8Array(await new Response(object.body).arrayBuffer()) : null;
};

/** What a visitor's browser gets for the item at every ladder width. */
async function visitorStatuses(src: string): Promise<number[]> {
  const statuses: number[] = [];
  for (const width of [320, 640, 960, 1280, 1920]) {
    const answer = await answerImageRequest(
      {
        method: 'GET',
        pathname: `/i/w-${width}/${src}`,
        accept: 'image/avif,image/webp',
        referer: null,
        userAgent: null,
      },
      services.variants,
    );
    statuses.push(answer.status);
  }
  return statuses;
}

describe('every curator route needs a session and, for writes, the app origin', () => {
  const id = '01900000-0000-7000-8000-000000000000';
  it.each([
    ['GET', '/api/generations?status=draft'],
    ['POST', '/api/generations'],
    ['GET', `/api/generations/${id}`],
    ['PATCH', `/api/generations/${id}`],
    ['DELETE', `/api/generations/${id}`],
    ['POST', `/api/generations/${id}/publish`],
    ['POST', `/api/generations/${id}/unpublish`],
    ['GET', `/api/generations/${id}/preview`],
  ])('%s %s: 401 without a session', async (method, path) => {
    const response = await call(method, path, method === 'PATCH' ? { json: { prompt: 'x' } } : {});
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: { code: 'unauthorized', message: 'Log in to the studio first.' },
    });
  });

  it.each([
    ['POST', '/api/generations'],
    ['PATCH', `/api/generations/${id}`],
    ['DELETE', `/api/generations/${id}`],
    ['POST', `/api/generations/${id}/publish`],
    ['POST', `/api/generations/${id}/unpublish`],
  ])('%s %s: 403 with a session but a foreign or missing Origin', async (method, path) => {
    for (const origin of ['https://evil.example', null]) {
      const response = await call(method, path, { cookie, origin, json: { prompt: 'x' } });
      expect(response.status).toBe(403);
      expect((await response.json()).error.code).toBe('forbidden');
    }
  });
});

describe('POST /api/generations rejects what it cannot publish, always with a 4xx', () => {
  it.each([
    [
      'a pixel-flood PNG (20,000² px in its header)',
      () => pngHeaderOnly(20_000, 20_000),
      'x.png',
      413,
      'payload_too_large',
    ],
    ['a PNG over 100 MP', () => pngHeaderOnly(11_000, 10_000), 'x.png', 413, 'payload_too_large'],
    [
      'a truncated JPEG',
      async () => {
        const whole = await sharp({
          create: {
            width: 600,
            height: 400,
            channels: 3,
            background: '#000',
            noise: { type: 'gaussian', mean: 128, sigma: 50 },
          },
        })
          .jpeg()
          .toBuffer();
        return whole.subarray(0, Math.floor(whole.length / 2));
      },
      'cut.jpg',
      422,
      'unprocessable_entity',
    ],
    [
      'an SVG with a script',
      () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      'evil.svg',
      415,
      'unsupported_media_type',
    ],
    [
      'a text file named .png',
      () => Buffer.from('just some text, not an image'),
      'notes.png',
      415,
      'unsupported_media_type',
    ],
    [
      'an HTML page',
      () => Buffer.from('<!doctype html><h1>hi</h1>'),
      'page.html',
      415,
      'unsupported_media_type',
    ],
    ['a GIF', () => solid(16, 16).gif().toBuffer(), 'a.gif', 415, 'unsupported_media_type'],
    ['an empty file', () => Buffer.alloc(0), 'empty.png', 400, 'bad_request'],
  ])('%s', async (_label, make, name, status, code) => {
    const response = await upload(new Uint8Array(await make()), name);
    expect(response.status).toBe(status);
    expect((await response.json()).error.code).toBe(code);
  });

  it.each([
    ['a seed that is not a number', { seed: 'lots' }],
    ['a negative seed', { seed: '-1' }],
    ['an unknown field', { rating: '5' }],
    ['a prompt of 5,000 characters', { prompt: 'x'.repeat(5000) }],
  ])('%s → 400', async (_label, fields) => {
    const response = await upload(await solid(20, 20).png().toBuffer(), 'a.png', fields);
    expect(response.status).toBe(400);
  });

  it('a body declared larger than the limit → 413 before it is read', async () => {
    const response = await call('POST', '/api/generations', {
      cookie,
      body: new Uint8Array(10),
      headers: {
        'content-type': 'multipart/form-data; boundary=x',
        'content-length': String(80 * 1024 * 1024),
      },
    });
    expect(response.status).toBe(413);
  });

  it('a form without a file → 400', async () => {
    const form = new FormData();
    form.set('prompt', 'no image');
    const response = await call('POST', '/api/generations', { cookie, body: form });
    expect(response.status).toBe(400);
  });

  it('leaves nothing behind when it rejects', async () => {
    const keys: string[] = [];
    for await (const object of services.stores.private.list('')) keys.push(object.key);
    expect(keys).toEqual([]);
  });
});

describe('uploading and publishing', () => {
  it('reads prompt, seed and model from an Automatic1111 PNG uploaded with no fields', async () => {
    const png = withPngChunks(await solid(640, 480, { r: 200, g: 90, b: 30 }).png().toBuffer(), [
      { keyword: 'parameters', text: a1111 },
    ]);
    const created = await uploaded(png, 'fox.png');
    const response = await call('GET', `/api/generations/${created.id}`, { cookie });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toMatchObject({
      id: created.id,
      status: 'draft',
      prompt: 'a red fox in fresh snow, morning light',
      negativePrompt: 'blurry',
      model: 'vitrine-xl-1.0',
      seed: 987654321,
      author: 'studio',
      width: 640,
      height: 480,
      format: 'png',
      params: { source: 'a1111', steps: 28, sampler: 'Euler a', cfgScale: 6, size: '640x480' },
      publishedAt: null,
    });
    // The same bytes again: the existing generation, 200.
    const again = await upload(png, 'fox-copy.png', { prompt: 'ignored' });
    expect(again.status).toBe(200);
    expect((await again.json()).id).toBe(created.id);
  });

  it('form fields win over what the file says', async () => {
    const png = withPngChunks(await solid(300, 200, { r: 1, g: 2, b: 3 }).png().toBuffer(), [
      { keyword: 'parameters', text: a1111 },
    ]);
    const created = await uploaded(png, 'x.png', { prompt: 'my own words', author: 'Ada', seed: '7' });
    expect(created).toMatchObject({
      prompt: 'my own words',
      author: 'Ada',
      seed: 7,
      model: 'vitrine-xl-1.0',
    });
  });

  it('publishes a phone JPEG with GPS EXIF without any of its metadata in public bytes', async () => {
    const jpeg = await jpegWithGps(800, 600);
    const created = await uploaded(jpeg, 'phone.jpg', { prompt: 'harbour at noon', model: 'camera' });
    const published = await call('POST', `/api/generations/${created.id}/publish`, { cookie });
    expect(published.status).toBe(200);
    expect(((await published.json()) as { generation: CuratorGeneration }).generation.status).toBe(
      'publishing',
    );
    const generation = await waitUntilPublished(created.id, cookie);
    expect(generation.status).toBe('public');
    expect(generation.publishedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);

    const original = await readObject(generation.src, 'public');
    expect(original).not.toBeNull();
    expect(await metadataOf(original!)).toEqual({ exif: null, xmp: null, iptc: null, comments: [] });
    expect(Buffer.from(original!).includes('PhoneMaker')).toBe(false);
    for (const accept of ['image/avif', 'image/webp', 'image/jpeg']) {
      const variant = await answerImageRequest(
        { method: 'GET', pathname: `/i/w-640/${generation.src}`, accept, referer: null, userAgent: null },
        services.variants,
      );
      expect(variant.status).toBe(200);
      expect(await metadataOf(variant.body as Uint8Array)).toEqual({
        exif: null,
        xmp: null,
        iptc: null,
        comments: [],
      });
    }
    // The private original is the upload as it came, kept for the curators.
    const kept = await readObject(privateOriginalKeyOf(generation.src), 'private');
    expect(Buffer.from(kept!).equals(jpeg)).toBe(true);
  });

  it('takes a draft through publish, unpublish, republish and delete, the public store always matching', async () => {
    const draft = await uploaded(
      await solid(500, 700, { r: 10, g: 120, b: 60 }).jpeg().toBuffer(),
      'green.jpg',
    );
    expect(draft.prompt).toBe('');
    // A feed card needs a prompt and a model.
    const refused = await call('POST', `/api/generations/${draft.id}/publish`, { cookie });
    expect(refused.status).toBe(422);
    expect((await refused.json()).error.message).toBe('Add prompt, model before publishing.');
    expect(await publicKeys()).toEqual(await publishedKeys());

    const edited = await call('PATCH', `/api/generations/${draft.id}`, {
      cookie,
      json: { prompt: 'a green field', model: 'flux', seed: 12 },
    });
    expect(edited.status).toBe(200);
    expect(await edited.json()).toMatchObject({
      prompt: 'a green field',
      model: 'flux',
      seed: 12,
      status: 'draft',
    });

    const changesBefore = services.feedHeadChanges;
    expect((await publishAndWait(draft.id, cookie)).generation.status).toBe('public');
    expect(services.feedHeadChanges).toBe(changesBefore + 1);
    const head = await queryFeedPage(services.handle.db, { limit: 1 }, 'x'.repeat(32));
    expect(head.items[0]?.id).toBe(draft.id);
    expect(await publicKeys()).toEqual(await publishedKeys());
    expect(await visitorStatuses(draft.src)).toEqual([200, 200, 200, 200, 200]);

    const unpublished = await call('POST', `/api/generations/${draft.id}/unpublish`, { cookie });
    expect(unpublished.status).toBe(200);
    expect(await unpublished.json()).toMatchObject({
      generation: { status: 'unpublished', publishedAt: null },
      cdnPurge: 'purged',
    });
    expect(services.purged).toContain(draft.src);
    expect(await publicKeys()).toEqual(await publishedKeys());
    expect(await publicKeys()).not.toContain(draft.src);
    expect(await visitorStatuses(draft.src)).toEqual([404, 404, 404, 404, 404]);
    expect(
      (await call('GET', '/api/generations?status=unpublished', { cookie }).then((r) => r.json())).items.map(
        (item: CuratorGeneration) => item.id,
      ),
    ).toContain(draft.id);

    expect((await publishAndWait(draft.id, cookie)).generation.status).toBe('public');
    expect(await visitorStatuses(draft.src)).toEqual([200, 200, 200, 200, 200]);
    expect(await publicKeys()).toEqual(await publishedKeys());

    const deleted = await call('DELETE', `/api/generations/${draft.id}`, { cookie });
    expect(deleted.status).toBe(200);
    expect((await call('GET', `/api/generations/${draft.id}`, { cookie })).status).toBe(404);
    expect(await readObject(privateOriginalKeyOf(draft.src), 'private')).toBeNull();
    expect(await publicKeys()).toEqual(await publishedKeys());
    expect(await visitorStatuses(draft.src)).toEqual([404, 404, 404, 404, 404]);
  });

  it('unpublish and delete remove the stored display set, unless another public row shows the image', async () => {
    const item = await uploaded(
      await solid(640, 480, { r: 160, g: 60, b: 20 }).jpeg().toBuffer(),
      'rust.jpg',
      {
        prompt: 'a rust square',
        model: 'flux',
      },
    );
    const setKeys = async () => {
      const keys: string[] = [];
      for await (const object of services.stores.public.list(`v/${item.src}/`)) keys.push(object.key);
      return keys;
    };
    // What the publish job does (the queue runs it; here it is called directly).
    const makeSet = () =>
      makeDisplaySet(
        {
          store: services.stores.public,
          pool: services.pool,
          loadSource: async (key) => {
            const object = await services.stores.public.get(key);
            return object ? readBounded(object, sourceReadLimits) : null;
          },
        },
        { storagePath: item.src, width: item.width },
      );
    const publish = async () => {
      expect((await call('POST', `/api/generations/${item.id}/publish`, { cookie })).status).toBe(200);
      // The publish queue makes the set; the row is public once it is whole.
      expect((await waitUntilPublished(item.id, cookie)).status).toBe('public');
      expect(await makeSet()).toMatchObject({ total: 6, made: 0 });
      expect(await setKeys()).toHaveLength(6);
    };

    await publish();
    // A scale row showing the same image keeps the set (and the public copy) through the unpublish.
    const scaleRow = fixtureGeneration({
      storageKey: item.src,
      sha256: parsePublishedKey(item.src)!.sha256,
      synthetic: true,
    });
    await insertGenerations(services.handle.db, [scaleRow]);
    expect((await call('POST', `/api/generations/${item.id}/unpublish`, { cookie })).status).toBe(200);
    expect(await setKeys()).toHaveLength(6);
    // The last public row that shows it goes: so does the set, and the CDN is purged.
    services.purged.length = 0;
    expect((await call('DELETE', `/api/generations/${scaleRow.id}`, { cookie })).status).toBe(200);
    expect(await setKeys()).toEqual([]);
    expect(services.purged).toEqual([item.src]);

    await publish();
    expect((await call('POST', `/api/generations/${item.id}/unpublish`, { cookie })).status).toBe(200);
    expect(await setKeys()).toEqual([]);
    expect(await visitorStatuses(item.src)).toEqual([404, 404, 404, 404, 404]);

    await publish();
    expect((await call('DELETE', `/api/generations/${item.id}`, { cookie })).status).toBe(200);
    expect(await setKeys()).toEqual([]);
    expect(await publicKeys()).toEqual(await publishedKeys());
  });

  it('each action drops the cached feed head itself when the feed changed, and only then', async () => {
    const feedHeadChangesOf = async (method: string, path: string, json?: Record<string, string>) => {
      const before = services.feedHeadChanges;
      const response = await call(method, path, { cookie, ...(json ? { json } : {}) });
      expect(response.status, await response.clone().text()).toBe(200);
      // A publish changes the feed when its job makes the row public, not when it is asked for.
      if (path.endsWith('/publish')) {
        expect((await waitUntilPublished(item.id, cookie)).status).toBe('public');
        // The job signals the head right after the row turned public, a moment after it reads so.
        await vi.waitFor(() => expect(services.feedHeadChanges - before).toBeGreaterThanOrEqual(1), {
          timeout: 10_000,
        });
      }
      return services.feedHeadChanges - before;
    };
    const fields = { prompt: 'a teal square', model: 'flux' };
    const item = await uploaded(
      await solid(96, 64, { r: 0, g: 120, b: 120 }).png().toBuffer(),
      'teal.png',
      fields,
    );
    const other = await uploaded(
      await solid(96, 64, { r: 120, g: 0, b: 120 }).png().toBuffer(),
      'plum.png',
      fields,
    );
    const at = `/api/generations/${item.id}`;
    expect(await feedHeadChangesOf('PATCH', at, { prompt: 'a draft edit' })).toBe(0);
    expect(await feedHeadChangesOf('POST', `${at}/publish`)).toBe(1);
    expect(await feedHeadChangesOf('PATCH', at, { prompt: 'a public edit' })).toBe(1);
    expect(await feedHeadChangesOf('POST', `${at}/unpublish`)).toBe(1);
    expect(await feedHeadChangesOf('POST', `${at}/publish`)).toBe(1);
    expect(await feedHeadChangesOf('DELETE', at)).toBe(1);
    expect(await feedHeadChangesOf('DELETE', `/api/generations/${other.id}`)).toBe(0);
  });

  it('shows drafts to curators only through the signed-in preview', async () => {
    const draft = await uploaded(
      await solid(1200, 800, { r: 90, g: 90, b: 200 }).png().toBuffer(),
      'blue.png',
    );
    const response = await call('GET', `/api/generations/${draft.id}/preview?w=640`, {
      cookie,
      headers: { accept: 'image/avif,image/webp' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/avif');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect((await sharp(new Uint8Array(await response.arrayBuffer())).metadata()).width).toBe(640);
    expect(await visitorStatuses(draft.src)).toEqual([404, 404, 404, 404, 404]);
  });

  it.each([
    ['an unknown status', '/api/generations?status=secret'],
    ['a limit of 0', '/api/generations?status=draft&limit=0'],
  ])('lists: %s → 400', async (_label, path) => {
    expect((await call('GET', path, { cookie })).status).toBe(400);
  });

  it.each([
    ['a malformed id', 'GET', '/api/generations/not-an-id'],
    ['an unknown id', 'GET', '/api/generations/01900000-0000-7000-8000-000000000000'],
    ['publishing an unknown id', 'POST', '/api/generations/01900000-0000-7000-8000-000000000000/publish'],
  ])('%s → 404', async (_label, method, path) => {
    expect((await call(method, path, { cookie })).status).toBe(404);
  });

  it('refuses to unpublish a draft (409) and an empty or unknown PATCH (400)', async () => {
    const draft = await uploaded(await solid(64, 64, { r: 5, g: 5, b: 5 }).png().toBuffer(), 'small.png');
    expect((await call('POST', `/api/generations/${draft.id}/unpublish`, { cookie })).status).toBe(409);
    expect((await call('PATCH', `/api/generations/${draft.id}`, { cookie, json: {} })).status).toBe(400);
    expect(
      (await call('PATCH', `/api/generations/${draft.id}`, { cookie, json: { status: 'public' } })).status,
    ).toBe(400);
  });
});
