import type { FeedPage } from '../../lib/feed/feed-types';
import { expect, test } from './fixtures';
import { loadedFeedImages, report } from './support';

test('the home page shows the feed: at least 12 images with intrinsic sizes, no console errors', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  await expect.poll(() => loadedFeedImages(page), { timeout: 20_000 }).toBeGreaterThanOrEqual(6);
  const images = await page.locator('.feed:visible img').evaluateAll((nodes) =>
    (nodes as HTMLImageElement[]).map((img) => ({
      width: Number(img.getAttribute('width')),
      height: Number(img.getAttribute('height')),
      alt: img.alt,
    })),
  );
  expect(images.length).toBeGreaterThanOrEqual(12);
  for (const image of images) {
    expect(image.width).toBeGreaterThan(0);
    expect(image.height).toBeGreaterThan(0);
    expect(image.alt.length).toBeGreaterThan(0);
  }
  expect(errors).toEqual([]);
});

test('the feed API walks every public item in order, forwards and backwards, with no duplicate', async ({
  request,
}) => {
  const forward: FeedPage['items'] = [];
  let cursor: string | null = null;
  let lastCursor: string | null = null;
  do {
    const response = await request.get(`/api/feed?limit=60${cursor ? `&after=${cursor}` : ''}`);
    expect(response.status()).toBe(200);
    const page = (await response.json()) as FeedPage;
    forward.push(...page.items);
    lastCursor = cursor;
    cursor = page.nextCursor;
  } while (cursor);
  expect(forward.length).toBeGreaterThanOrEqual(1000);
  expect(new Set(forward.map((item) => item.id)).size).toBe(forward.length);
  const keys = forward.map((item) => `${item.publishedAt}|${item.id}`);
  expect([...keys].sort().reverse()).toEqual(keys);

  // Backwards from the last page's cursor: the same items, the same order.
  const backward: FeedPage['items'] = [];
  const lastPage = (await (await request.get(`/api/feed?limit=60&after=${lastCursor}`)).json()) as FeedPage;
  backward.push(...lastPage.items);
  let before: string | null = lastPage.prevCursor;
  while (before) {
    const page = (await (await request.get(`/api/feed?limit=60&before=${before}`)).json()) as FeedPage;
    backward.unshift(...page.items);
    before = page.prevCursor;
  }
  expect(backward.map((item) => item.id)).toEqual(forward.map((item) => item.id));
});

test('bad feed requests get 400 with the error contract', async ({ request }) => {
  const head = (await (await request.get('/api/feed?limit=2')).json()) as FeedPage;
  const cursor = head.nextCursor!;
  const tampered = `${cursor.slice(0, 10)}${cursor[10] === 'A' ? 'B' : 'A'}${cursor.slice(11)}`;
  for (const query of [
    'limit=0',
    'limit=61',
    'limit=abc',
    `after=${cursor}&before=${cursor}`,
    `after=${tampered}`,
    `after=${cursor.slice(0, -3)}`,
    'after=not-a-cursor',
  ]) {
    const response = await request.get(`/api/feed?${query}`);
    expect(response.status(), query).toBe(400);
    const body = await response.json();
    expect(body.error.code, query).toBe('bad_request');
    expect(typeof body.error.message).toBe('string');
  }
});

test('drafts and paths outside g/ are not reachable through /i/ or /o/', async ({ request }) => {
  for (const path of [
    '/i/w-640/drafts/x.jpg',
    '/o/drafts/x.jpg',
    '/i/w-640/g/..%2fdrafts/x.jpg',
    '/o/g/../drafts/x.jpg',
  ]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(404);
  }
});

test("Next's own image optimizer is off: /_next/image serves nothing", async ({ request }) => {
  const feed = (await (await request.get('/api/feed?limit=1')).json()) as FeedPage;
  const src = feed.items[0]!.src;
  const direct = await request.get(`/o/${src}`);
  expect(direct.status()).toBe(200);
  const optimized = await request.get(`/_next/image?url=${encodeURIComponent(`/o/${src}`)}&w=640&q=75`);
  expect(optimized.status()).toBeGreaterThanOrEqual(400);
  expect(optimized.headers()['content-type'] ?? '').not.toMatch(/^image\//);
});

/** `/` is laid out for every width bucket at once, so one cached document serves every visitor. */
test('/ is one document a shared cache may keep between publishes', async ({ request }) => {
  const first = await request.get('/');
  expect(first.status()).toBe(200);
  const cacheControl = first.headers()['cache-control'] ?? '';
  expect(cacheControl).toMatch(/(^|,\s*)s-maxage=\d+/);
  expect(cacheControl).not.toMatch(/private|no-store|no-cache/);
  expect(first.headers()['set-cookie']).toBeUndefined();
  expect(first.headers().vary ?? '').not.toMatch(/cookie/i);
  const second = await request.get('/');
  // From the cache (STALE: served while a newer copy is rendered behind it).
  expect(['HIT', 'STALE']).toContain(second.headers()['x-nextjs-cache']);
  // The same bytes for every visitor, whatever their viewport: the markup holds every bucket.
  const html = await second.text();
  expect(html).toBe(await (await request.get('/', { headers: { 'user-agent': 'a phone' } })).text());
  expect(html.match(/class="feed"/g)?.length).toBe(6);
  // A search is a cached document of its own (tests/e2e/discovery.spec.ts), not the head's.
  const filtered = await request.get('/?model=none-such');
  expect(filtered.headers()['cache-control']).toMatch(/(^|,\s*)s-maxage=\d+/);
  expect(await filtered.text()).not.toBe(html);
  report('first page', { cacheControl, htmlKB: (html.length / 1024).toFixed(0) });
});

/** The headers a public site needs, on every kind of answer (lib/http/security-headers.ts). */
test('security headers on pages, the studio, the API and images', async ({ request }) => {
  const item = ((await (await request.get('/api/feed?limit=1')).json()) as FeedPage).items[0]!;
  const answers = {
    '/': await request.get('/'),
    [`/g/${item.id}`]: await request.get(`/g/${item.id}`),
    '/studio': await request.get('/studio', { maxRedirects: 0 }),
    '/studio/login': await request.get('/studio/login'),
    '/api/feed': await request.get('/api/feed?limit=1'),
  };
  for (const [path, response] of Object.entries(answers)) {
    const headers = response.headers();
    expect.soft(headers['x-content-type-options'], path).toBe('nosniff');
    expect.soft(headers['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
    expect.soft(headers['x-frame-options'], path).toBe('DENY');
    expect.soft(headers['permissions-policy'], path).toContain('camera=()');
    expect.soft(headers['strict-transport-security'], path).toBe('max-age=63072000; includeSubDomains');
    expect.soft(headers['x-powered-by'], path).toBeUndefined();
    expect.soft(headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
  }
  const policy = (path: string) => answers[path]!.headers()['content-security-policy'] ?? '';
  expect(policy('/api/feed')).toBe("default-src 'none'; frame-ancestors 'none'");
  // Pages rendered per request: a fresh nonce, on every script Next wrote.
  const detail = `/g/${item.id}`;
  const nonce = /'nonce-([^']+)'/.exec(policy(detail))?.[1];
  expect(nonce).toBeTruthy();
  expect(policy(detail)).toContain("'strict-dynamic'");
  const scripts = (await answers[detail]!.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  expect(scripts.filter((tag) => !tag.includes(`nonce="${nonce}"`))).toEqual([]);
  expect(/'nonce-([^']+)'/.exec(policy('/studio/login'))?.[1]).not.toBe(nonce);
  // The shared cached head cannot carry a per-visitor nonce (docs/security.md).
  expect(policy('/')).toContain("script-src 'self' 'unsafe-inline'");
  expect(policy('/')).toContain("img-src 'self' data: blob: http://localhost:3100");
  // Images: nosniff; an original opened directly is a sandboxed document that may load nothing.
  const variant = await request.get(`http://localhost:3100/i/w-320/${item.src}`);
  expect(variant.headers()['x-content-type-options']).toBe('nosniff');
  const original = await request.get(`/o/${item.src}`);
  expect(original.headers()['content-security-policy']).toBe("default-src 'none'; sandbox");
});
