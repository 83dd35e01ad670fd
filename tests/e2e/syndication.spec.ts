import type { FeedPage } from '../../lib/feed/feed-types';
import { emittedWidth } from '../../lib/images/ladder';
import { expect, test } from './fixtures';

/** The feeds and oEmbed as a reader or a chat finds them: from the pages' own <link> tags. */
const feedTypes = {
  'application/rss+xml': 'application/rss+xml; charset=utf-8',
  'application/atom+xml': 'application/atom+xml; charset=utf-8',
  'application/feed+json': 'application/feed+json; charset=utf-8',
};

const pathOf = (href: string) => {
  const url = new URL(href);
  return `${url.pathname}${url.search}`;
};

test('/ and a search name their three feeds, and each answers in its own type', async ({ page, request }) => {
  for (const [path, query] of [
    ['/', ''],
    ['/?model=Vitrine%20XL', '?model=Vitrine+XL'],
  ] as const) {
    await page.goto(path);
    for (const [type, contentType] of Object.entries(feedTypes)) {
      const href = await page.locator(`link[rel="alternate"][type="${type}"]`).getAttribute('href');
      expect(href, `${path} ${type}`).not.toBeNull();
      expect(new URL(href!).search).toBe(query);
      const response = await request.get(pathOf(href!));
      expect(response.status(), `${href}`).toBe(200);
      expect(response.headers()['content-type']).toBe(contentType);
      expect(response.headers()['cache-control']).toBe(
        'public, max-age=0, s-maxage=10, stale-while-revalidate=30',
      );
    }
  }
});

test('/g/<id> carries its oEmbed discovery link, and it answers with the picture', async ({
  page,
  request,
}) => {
  const feed = (await (await request.get('/api/feed?limit=1')).json()) as FeedPage;
  const item = feed.items[0]!;
  await page.goto(`/g/${item.id}`);
  const href = await page
    .locator('link[rel="alternate"][type="application/json+oembed"]')
    .getAttribute('href');
  expect(href).not.toBeNull();
  // A link unfurler (Next renders metadata into <head> before streaming for these) sees it in <head>.
  const html = await (
    await request.get(`/g/${item.id}`, { headers: { 'User-Agent': 'Slackbot-LinkExpanding 1.0' } })
  ).text();
  expect(html.split('</head>')[0]).toContain('type="application/json+oembed"');
  const response = await request.get(pathOf(href!));
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body).toMatchObject({
    version: '1.0',
    type: 'photo',
    author_name: item.author,
    provider_name: 'Vitrine',
  });
  // On the asset host (ASSET_BASE_URL), at a ladder rung no wider than 1280 and the item's own width.
  expect(body.url).toMatch(new RegExp(`^http://localhost:3100/i/w-(320|640|960|1280)/${item.src}$`));
  // The widest rung the source fills (never one above it: its display set), never enlarged.
  expect(body.width).toBe(Math.min(emittedWidth(1280, item.width), item.width));
  expect(body.height).toBe(Math.round((body.width * item.height) / item.width));
});
