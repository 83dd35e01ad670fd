import { expect, test } from './fixtures';
import { openFeed, readDown, report, serverImageLog } from './support';

test.use({ serviceWorkers: 'allow' });

const CACHE = 'vitrine-images-v2';

/**
 * The production layout: the page on one origin, its images on the asset host's (tests/e2e/serve.sh
 * serves them as http://localhost:3100 to a page on http://127.0.0.1:3100). A second visit, with the
 * browser's HTTP cache emptied, is answered by the service worker from its cache — proven by the
 * browser (`fromServiceWorker`, from Cache Storage) and by the server (no /i/ request at all).
 */
test('the service worker serves a second visit from its cache, images on another origin', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
  await openFeed(page);
  await readDown(page, 3, 700);
  await page.waitForTimeout(1500);

  const keys = await page.evaluate(
    async (name) => (await (await caches.open(name)).keys()).map((request) => request.url),
    CACHE,
  );
  const assetOrigin = new URL(keys[0] ?? 'http://none').origin;
  expect(keys.length).toBeGreaterThan(10);
  expect(keys.every((key) => key.startsWith('http://localhost:3100/i/'))).toBe(true);

  // The second visit: a new page of the same browser, the HTTP cache emptied first.
  const visit = await page.context().newPage();
  const cdp = await page.context().newCDPSession(visit);
  await cdp.send('Network.enable');
  await cdp.send('Network.clearBrowserCache');
  const responses: { url: string; fromServiceWorker: boolean; source?: string }[] = [];
  cdp.on('Network.responseReceived', ({ response }) => {
    if (new URL(response.url).pathname.startsWith('/i/'))
      responses.push({
        url: response.url,
        fromServiceWorker: Boolean(response.fromServiceWorker),
        source: response.serviceWorkerResponseSource,
      });
  });
  const server = serverImageLog();
  await visit.goto('/');
  await expect
    .poll(() =>
      visit.evaluate(
        () =>
          [...document.querySelectorAll<HTMLImageElement>('.feed img')].filter(
            (img) => img.complete && img.naturalWidth > 0,
          ).length,
      ),
    )
    .toBeGreaterThanOrEqual(4);
  await visit.waitForTimeout(1000);
  report('service worker', {
    cachedEntries: keys.length,
    assetOrigin,
    secondVisitImages: responses.length,
    fromCacheStorage: responses.filter((response) => response.source === 'cache-storage').length,
    serverAnswers: server.events().length,
  });
  expect(responses.length).toBeGreaterThanOrEqual(4);
  expect(
    responses.filter((response) => !response.fromServiceWorker || response.source !== 'cache-storage'),
  ).toEqual([]);
  expect(server.events()).toEqual([]);

  // Errors never enter the cache, from either origin.
  for (const origin of ['http://localhost:3100', 'http://127.0.0.1:3100']) {
    const status = await visit.evaluate(
      async (url) => (await fetch(url, { mode: 'cors' })).status,
      `${origin}/i/w-640/g/${'0'.repeat(64)}.jpg`,
    );
    expect(status).toBe(404);
  }
  const cachedMissing = await visit.evaluate(
    async (name) =>
      (await (await caches.open(name)).keys()).filter((request) => request.url.includes('0'.repeat(64)))
        .length,
    CACHE,
  );
  expect(cachedMissing).toBe(0);

  // An entry a week old is not served: the worker asks the server again and stores it anew, so an
  // unpublished image does not live on in a visitor's cache.
  const stale = keys[0]!;
  const expiry = serverImageLog();
  const storedAgainAt = await visit.evaluate(
    async ({ name, url }) => {
      const cache = await caches.open(name);
      const hit = await cache.match(url, { ignoreVary: true });
      if (!hit) throw new Error(`${url} is not in the cache`);
      const headers = new Headers(hit.headers);
      headers.set('x-vitrine-stored-at', String(Date.now() - 8 * 24 * 3600 * 1000));
      await cache.put(url, new Response(await hit.blob(), { status: 200, headers }));
      const response = await fetch(url, { mode: 'cors' });
      await response.blob();
      const again = await cache.match(url, { ignoreVary: true });
      return Number(again?.headers.get('x-vitrine-stored-at'));
    },
    { name: CACHE, url: stale },
  );
  await expect.poll(() => expiry.events().map((event) => event.pathname)).toEqual([new URL(stale).pathname]);
  expect(Date.now() - storedAgainAt).toBeLessThan(60_000);
  await visit.close();
});
