import { expect, test } from '@playwright/test';
import { readDown, serverImageLog } from './support';

test.use({ serviceWorkers: 'allow' });

test('the service worker serves seen images cache-first, even with the HTTP cache off', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
  await readDown(page, 4, 700);
  await page.waitForTimeout(1500);

  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const server = serverImageLog();
  server.mark();
  for (let i = 0; i < 4; i++) {
    await page.mouse.wheel(0, -900);
    await page.waitForTimeout(500);
  }
  await page.waitForTimeout(1000);
  const cached = await page.evaluate(
    async () => (await (await caches.open('vitrine-images-v1')).keys()).length,
  );
  console.log(
    `[figures] service worker: cachedEntries=${cached} serverImageResponsesOnTheWayBack=${server.events().length}`,
  );
  expect(cached).toBeGreaterThan(10);
  expect(server.events()).toEqual([]);

  // Errors and API responses never enter the cache.
  const keys = await page.evaluate(async () =>
    (await (await caches.open('vitrine-images-v1')).keys()).map((request) => new URL(request.url).pathname),
  );
  expect(keys.every((key) => key.startsWith('/i/'))).toBe(true);
  await page.evaluate(() => fetch('/i/w-640/g/does-not-exist.jpg'));
  const after = await page.evaluate(async () =>
    (await (await caches.open('vitrine-images-v1')).keys()).some((request) =>
      request.url.includes('does-not-exist'),
    ),
  );
  expect(after).toBe(false);
});
