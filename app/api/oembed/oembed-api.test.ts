import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMetadata as generationMetadata } from '@/app/g/[id]/page';
import { env } from '@/lib/env';
import { installTestAppServices, type TestAppServices } from '@/tests/support/test-app-services';
import { fixtureGeneration, insertGenerations } from '@/tests/support/test-fixtures';
import { GET } from './route';

let services: TestAppServices;
const wide = fixtureGeneration({
  prompt: '  a red fox\n in snow ',
  width: 2400,
  height: 1600,
  author: 'ann',
});
const draft = fixtureGeneration({ status: 'draft', publishedAt: null });
const sensitive = fixtureGeneration({ prompt: 'a sensitive one', rating: 'sensitive' });
const pageOf = (id: string) => `${env.PUBLIC_URL}/g/${id}`;

beforeAll(async () => {
  services = await installTestAppServices();
  await insertGenerations(services.handle.db, [wide, draft, sensitive]);
}, 60_000);
afterAll(() => services?.close());

const oembed = (params: Record<string, string> | string) =>
  GET(new Request(`${env.PUBLIC_URL}/api/oembed?${new URLSearchParams(params)}`));

describe('GET /api/oembed', () => {
  it('answers a public generation as an oEmbed 1.0 photo', async () => {
    const response = await oembed({ url: pageOf(wide.id!) });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe(
      'public, max-age=0, s-maxage=10, stale-while-revalidate=30',
    );
    expect(await response.json()).toEqual({
      version: '1.0',
      type: 'photo',
      url: `${env.PUBLIC_URL}/i/w-1280/${wide.storageKey}`,
      width: 1280,
      height: 853,
      title: 'a red fox in snow',
      author_name: 'ann',
      provider_name: 'Vitrine',
      provider_url: `${env.PUBLIC_URL}/`,
    });
  });

  it('fits maxwidth with a ladder rung, at the stored aspect ratio', async () => {
    const body = await (await oembed({ url: pageOf(wide.id!), maxwidth: '700', format: 'json' })).json();
    expect([body.url, body.width, body.height]).toEqual([
      `${env.PUBLIC_URL}/i/w-640/${wide.storageKey}`,
      640,
      427,
    ]);
  });

  it.each([
    ['a draft', () => pageOf(draft.id!)],
    ['an unknown id', () => pageOf('01890000-0000-7000-8000-000000000000')],
    ['a malformed id', () => pageOf('nope')],
    ['another site', () => `https://elsewhere.example/g/${wide.id}`],
    ['another page of this site', () => `${env.PUBLIC_URL}/?model=x`],
    ['not a URL', () => 'fox'],
  ])('answers %s with 404 in the error contract', async (_label, url) => {
    const response = await oembed({ url: url() });
    expect(response.status).toBe(404);
    const body = await response.json();
    expect(body.error.code).toBe('not_found');
    expect(Object.keys(body)).toEqual(['error']);
  });

  it('embeds a sensitive generation only when asked with rating=sensitive', async () => {
    const refused = await oembed({ url: pageOf(sensitive.id!) });
    expect(refused.status).toBe(404);
    expect(await refused.json()).toEqual({
      error: {
        code: 'not_found',
        message: `${pageOf(sensitive.id!)} is a sensitive generation: ask with rating=sensitive to embed it.`,
      },
    });
    expect((await oembed({ url: pageOf(sensitive.id!), rating: 'general' })).status).toBe(404);
    const asked = await oembed({ url: pageOf(sensitive.id!), rating: 'sensitive' });
    expect(asked.status).toBe(200);
    expect((await asked.json()).url).toBe(`${env.PUBLIC_URL}/i/w-1280/${sensitive.storageKey}`);
    // A general generation is embeddable either way.
    expect((await oembed({ url: pageOf(wide.id!), rating: 'sensitive' })).status).toBe(200);
  });

  it('answers format=xml with 501', async () => {
    const response = await oembed({ url: pageOf(wide.id!), format: 'xml' });
    expect(response.status).toBe(501);
    expect(await response.json()).toEqual({
      error: { code: 'not_implemented', message: 'Only format=json is served.' },
    });
  });

  it.each([
    ['', 'url: url is required'],
    [
      `url=${encodeURIComponent(pageOf(wide.id!))}&maxwidth=wide`,
      'maxwidth: maxwidth must be a whole number of pixels',
    ],
    [`url=${encodeURIComponent(pageOf(wide.id!))}&format=yaml`, 'format: format must be json or xml'],
    ['url=a&url=b', 'url: url given twice'],
    [
      `url=${encodeURIComponent(pageOf(wide.id!))}&rating=adult`,
      'rating: rating must be general or sensitive',
    ],
  ])('answers %j with 400 in the error contract', async (query, message) => {
    const response = await oembed(query);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 'bad_request', message } });
  });
});

describe('/g/<id>', () => {
  it('carries the oEmbed discovery link', async () => {
    const metadata = await generationMetadata({ params: Promise.resolve({ id: wide.id! }) });
    expect(metadata.alternates).toEqual({
      types: {
        'application/json+oembed': [
          {
            url: `/api/oembed?url=${encodeURIComponent(pageOf(wide.id!))}&format=json`,
            title: '  a red fox\n in snow ',
          },
        ],
      },
    });
  });

  it('gives a sensitive generation no preview image and no embed', async () => {
    const metadata = await generationMetadata({ params: Promise.resolve({ id: sensitive.id! }) });
    expect(metadata).toEqual({
      title: 'a sensitive one',
      description: `${sensitive.model} · by ${sensitive.author}`,
      openGraph: { type: 'article', title: 'a sensitive one' },
      twitter: { card: 'summary', title: 'a sensitive one' },
    });
  });
});
