import { parseFeed } from '@rowanmanning/feed-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getFeedJson } from '@/app/feed.json/route';
import { GET as getFeedAtom } from '@/app/feed.atom/route';
import { GET as getFeedXml } from '@/app/feed.xml/route';
import { generateMetadata as feedHeadMetadata } from '@/app/feed-head/[edition]/page';
import { env } from '@/lib/env';
import { feedHeadPath } from '@/lib/feed/feed-head';
import { noFilter } from '@/lib/feed/feed-filter';
import { emittedWidth } from '@/lib/images/ladder';
import { SYNDICATION_ITEM_COUNT } from '@/lib/feed/syndication';
import { installTestAppServices, type TestAppServices } from '@/tests/support/test-app-services';
import { fixtureGeneration, insertGenerations } from '@/tests/support/test-fixtures';

/** The three documents as a reader fetches them: the app's own route handlers over a real database. */
const routes = {
  rss: { GET: getFeedXml, path: '/feed.xml', type: 'application/rss+xml; charset=utf-8' },
  atom: { GET: getFeedAtom, path: '/feed.atom', type: 'application/atom+xml; charset=utf-8' },
  json: { GET: getFeedJson, path: '/feed.json', type: 'application/feed+json; charset=utf-8' },
} as const;
type Format = keyof typeof routes;

interface ReadItem {
  url: string;
  title: string;
  image: string | null;
  author: string | null;
  model: string | null;
  published: string;
}

/** Reads a document with a real parser (RSS, Atom) or as JSON Feed 1.1 (JSON), to the fields asserted. */
function readItems(format: Format, text: string): ReadItem[] {
  if (format === 'json') {
    const document = JSON.parse(text) as {
      version: string;
      items: {
        url: string;
        title: string;
        image: string;
        authors: { name: string }[];
        tags: string[];
        date_published: string;
      }[];
    };
    expect(document.version).toBe('https://jsonfeed.org/version/1.1');
    return document.items.map((item) => ({
      url: item.url,
      title: item.title,
      image: item.image,
      author: item.authors[0]?.name ?? null,
      model: item.tags[0] ?? null,
      published: item.date_published.slice(0, 19),
    }));
  }
  const feed = parseFeed(text).toJSON();
  expect(feed.meta.type).toBe(format);
  return feed.items.map((item) => ({
    url: item.url ?? '',
    title: item.title ?? '',
    // RSS names it in media:content; Atom has no enclosure (lib/feed/syndication.ts), only the content's <img>.
    image: item.image?.url ?? /<img src="([^"]+)"/.exec(item.content ?? '')?.[1] ?? null,
    author: item.authors[0]?.name ?? null,
    model: item.categories[0]?.term ?? null,
    published: String(item.published).slice(0, 19),
  }));
}

let services: TestAppServices;
const minute = (n: number) => `2026-03-01T10:${String(n).padStart(2, '0')}:00.000000Z`;
// 60 public items (more than a document holds), alternating two models and two authors, one a minute.
const rows = Array.from({ length: 60 }, (_, i) =>
  fixtureGeneration({
    prompt: i === 59 ? 'a red fox in snow' : `a mountain lake ${i}`,
    model: i % 2 === 0 ? 'Vitrine XL' : 'Klimt',
    author: i % 3 === 0 ? 'ann' : 'bo',
    publishedAt: minute(i),
  }),
);
const draft = fixtureGeneration({ status: 'draft', publishedAt: null, prompt: 'a red fox draft' });
// The newest of all, but sensitive: in a document only when asked for (`rating=sensitive`).
const sensitive = fixtureGeneration({
  prompt: 'a red fox unveiled',
  model: 'Klimt',
  author: 'bo',
  rating: 'sensitive',
  publishedAt: '2026-03-01T11:00:00.000000Z',
});
const newestFirst = [...rows].reverse();

beforeAll(async () => {
  services = await installTestAppServices();
  await insertGenerations(services.handle.db, [...rows, draft, sensitive]);
}, 60_000);
afterAll(() => services?.close());

const fetchFeed = (format: Format, query = '') =>
  routes[format].GET(new Request(`${env.PUBLIC_URL}${routes[format].path}${query}`));

describe.each(Object.keys(routes) as Format[])('%s', (format) => {
  it(`is the newest ${SYNDICATION_ITEM_COUNT} public items, each with its page, w-1280 image (or the widest rung the source fills), prompt, model, author and date`, async () => {
    const response = await fetchFeed(format);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(routes[format].type);
    expect(response.headers.get('cache-control')).toBe(
      'public, max-age=0, s-maxage=10, stale-while-revalidate=30',
    );
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
    const items = readItems(format, await response.text());
    expect(items).toEqual(
      newestFirst.slice(0, SYNDICATION_ITEM_COUNT).map((row) => ({
        url: `${env.PUBLIC_URL}/g/${row.id}`,
        title: row.prompt,
        // ASSET_BASE_URL is empty in the tests: the app's own /i/, made absolute under PUBLIC_URL.
        image: `${env.PUBLIC_URL}/i/w-${emittedWidth(1280, row.width)}/${row.storageKey}`,
        author: row.author,
        model: row.model,
        published: row.publishedAt!.slice(0, 19),
      })),
    );
  });

  it('applies a model filter: only that model', async () => {
    const items = readItems(format, await (await fetchFeed(format, '?model=Klimt')).text());
    expect(items.length).toBe(30);
    expect(new Set(items.map((item) => item.model))).toEqual(new Set(['Klimt']));
    expect(items[0]!.url).toBe(`${env.PUBLIC_URL}/g/${rows[59]!.id}`);
  });

  it('applies a search and an author together, drafts never included', async () => {
    const items = readItems(format, await (await fetchFeed(format, '?q=fox&author=bo')).text());
    expect(items.map((item) => item.url)).toEqual([`${env.PUBLIC_URL}/g/${rows[59]!.id}`]);
    const ann = readItems(format, await (await fetchFeed(format, '?author=ann&model=Vitrine%20XL')).text());
    expect(ann.map((item) => item.url)).toEqual(
      newestFirst
        .filter((row) => row.author === 'ann' && row.model === 'Vitrine XL')
        .map((row) => `${env.PUBLIC_URL}/g/${row.id}`),
    );
  });

  it('carries sensitive generations only when asked with rating=sensitive', async () => {
    const general = readItems(format, await (await fetchFeed(format, '?q=fox')).text());
    expect(general.map((item) => item.url)).toEqual([`${env.PUBLIC_URL}/g/${rows[59]!.id}`]);
    const asked = readItems(format, await (await fetchFeed(format, '?rating=sensitive')).text());
    expect(asked.map((item) => item.url)).toEqual([`${env.PUBLIC_URL}/g/${sensitive.id}`]);
  });

  it('is an empty document for a search that matches nothing', async () => {
    const response = await fetchFeed(format, '?q=zebra');
    expect(response.status).toBe(200);
    expect(readItems(format, await response.text())).toEqual([]);
  });

  it.each([
    ['?model=a&model=b', 'model: model given twice'],
    [`?q=${'x'.repeat(201)}`, 'q: q must be at most 200 characters'],
    ['?author=%01', 'author: author must not contain control characters'],
  ])('refuses %s with a 400 in the error contract', async (query, message) => {
    const response = await fetchFeed(format, query);
    expect(response.status).toBe(400);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ error: { code: 'bad_request', message } });
  });
});

describe('the pages the feeds mirror', () => {
  it('/ names the three feeds of the whole feed', async () => {
    const metadata = await feedHeadMetadata({ params: Promise.resolve({ edition: 'latest' }) });
    expect(metadata.alternates).toEqual({
      canonical: '/',
      types: {
        'application/rss+xml': [{ url: '/feed.xml', title: 'Vitrine (RSS)' }],
        'application/atom+xml': [{ url: '/feed.atom', title: 'Vitrine (Atom)' }],
        'application/feed+json': [{ url: '/feed.json', title: 'Vitrine (JSON Feed)' }],
      },
    });
  });

  it('a search names the feeds of the same search', async () => {
    const edition = feedHeadPath({ ...noFilter, q: 'red fox', author: 'bo' })
      .split('/')
      .pop()!;
    const metadata = await feedHeadMetadata({ params: Promise.resolve({ edition }) });
    expect(metadata.alternates).toEqual({
      types: {
        'application/rss+xml': [
          { url: '/feed.xml?q=red+fox&author=bo', title: 'Vitrine · “red fox” · by bo (RSS)' },
        ],
        'application/atom+xml': [
          { url: '/feed.atom?q=red+fox&author=bo', title: 'Vitrine · “red fox” · by bo (Atom)' },
        ],
        'application/feed+json': [
          { url: '/feed.json?q=red+fox&author=bo', title: 'Vitrine · “red fox” · by bo (JSON Feed)' },
        ],
      },
    });
  });
});
