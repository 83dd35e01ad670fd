import { expect, type Page, test } from '@playwright/test';
import {
  fling,
  installProbes,
  maxOverlap,
  readDown,
  readProbes,
  serverImageLog,
  watchImageRequests,
  widthOf,
} from './support';

/**
 * The loading discipline at 1440×900, DPR 1, on the demo data, measured in the browser (CDP) and on
 * the server (its /i/ request log). Each test prints its figures, so the numbers in the closing notes
 * come from this run.
 */
async function openFeed(page: Page) {
  await installProbes(page);
  await page.goto('/');
  await expect
    .poll(() => page.locator('img.is-loaded').count(), { timeout: 30_000 })
    .toBeGreaterThanOrEqual(4);
}

const report = (name: string, figures: Record<string, number | string>) =>
  console.log(
    `[figures] ${name}: ${Object.entries(figures)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
  );

test('reading pace over 30 viewports: one request per image seen, right-sized, AVIF', async ({ page }) => {
  test.setTimeout(180_000);
  const server = serverImageLog();
  const network = await watchImageRequests(page);
  await openFeed(page);
  await readDown(page, 30);
  // Every started request answered (or cancelled) before anything is counted.
  await expect
    .poll(() => network.network().filter((request) => request.endedAt === undefined).length)
    .toBe(0);
  await page.waitForTimeout(500);

  const probes = await readProbes(page);
  const requests = network.network();
  const urls = requests.map((request) => request.url);
  const seen = probes.seen;
  report('reading', {
    imageRequests: requests.length,
    distinctSeen: seen,
    ratio: (requests.length / seen).toFixed(2),
    serverResponses: server.events().length,
    cls: probes.cls.toFixed(4),
  });
  expect(requests.length).toBeLessThanOrEqual(Math.ceil(1.2 * seen));
  // The server agrees: no request the browser did not report, none answered twice.
  const answered = server.events().map((event) => event.pathname);
  expect(answered.length).toBeLessThanOrEqual(Math.ceil(1.2 * seen));
  expect(new Set(answered).size).toBe(answered.length);
  expect(new Set(urls).size).toBe(urls.length);
  expect(requests.filter((request) => request.mimeType !== 'image/avif' && !request.canceled)).toEqual([]);

  // Each network fetch against the box it was first shown in (later loads of a cached URL in a
  // re-laid box are not fetches).
  const fetched = new Set(urls);
  const firstLoads = new Map<string, number>();
  for (const load of probes.loads)
    if (fetched.has(load.src) && !firstLoads.has(load.src)) firstLoads.set(load.src, load.width);
  const overfetch = [...firstLoads].map(([src, width]) => widthOf(src) / width);
  report('reading widths', {
    fetchesMatched: overfetch.length,
    maxRequestedOverDisplayed: Math.max(...overfetch).toFixed(2),
    meanRequestedOverDisplayed: (overfetch.reduce((a, b) => a + b, 0) / overfetch.length).toFixed(2),
  });
  expect(overfetch.length).toBeGreaterThan(requests.length * 0.9);
  const offenders = [...firstLoads].filter(([src, width]) => widthOf(src) / width > 1.6);
  expect(offenders).toEqual([]);
  expect(probes.cls).toBeLessThanOrEqual(0.01);
});

test('throttled network: never more than 4 /i/ requests in flight', async ({ page }) => {
  test.setTimeout(180_000);
  const server = serverImageLog();
  const network = await watchImageRequests(page);
  await network.cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 150,
    downloadThroughput: (4 * 1024 * 1024) / 8,
    uploadThroughput: (1 * 1024 * 1024) / 8,
  });
  await installProbes(page);
  await page.goto('/');
  await readDown(page, 8, 600);
  await page.waitForTimeout(2000);
  const serverMax = maxOverlap(
    server.events().map((event) => ({ start: event.startedAt, end: event.endedAt })),
  );
  report('throttled', {
    browserMaxInFlight: network.maxInFlight(),
    serverMaxConcurrent: serverMax,
    requests: network.network().length,
  });
  expect(network.network().length).toBeGreaterThan(8);
  expect(network.maxInFlight()).toBeLessThanOrEqual(4);
  expect(serverMax).toBeLessThanOrEqual(4);
});

test('a fling through 40 viewports starts at most 12 image requests', async ({ page }) => {
  const network = await watchImageRequests(page);
  await openFeed(page);
  await readDown(page, 2, 400);
  await page.waitForTimeout(1500);
  const started = Date.now();
  await fling(page, 40);
  await page.waitForTimeout(1500);
  const requests = network.network(started);
  const placement = await page.evaluate(
    (urls) => {
      const cards = [...document.querySelectorAll<HTMLImageElement>('.feed-card img')];
      return urls.map((url) => {
        const img = cards.find((candidate) => candidate.currentSrc === url);
        if (!img) return 'gone';
        const rect = img.getBoundingClientRect();
        const onScreen = Math.max(0, Math.min(rect.bottom, innerHeight) - Math.max(rect.top, 0));
        return onScreen >= rect.height / 4 ? 'visible' : onScreen > 0 ? 'sliver' : 'off-screen';
      });
    },
    requests.map((request) => request.url),
  );
  const count = (kind: string) => placement.filter((place) => place === kind).length;
  report('fling', {
    requestsStarted: requests.length,
    landingScreen: count('visible'),
    slivers: count('sliver'),
    offScreen: count('off-screen') + count('gone'),
    canceled: requests.filter((request) => request.canceled).length,
  });
  expect(requests.length).toBeLessThanOrEqual(12);
});

test('scrolling back up fetches nothing and nothing shifts', async ({ page }) => {
  test.setTimeout(120_000);
  const server = serverImageLog();
  const network = await watchImageRequests(page);
  await openFeed(page);
  await readDown(page, 10, 700);
  await page.waitForTimeout(2000);
  const started = Date.now();
  server.mark();
  for (let i = 0; i < 10; i++) {
    await page.mouse.wheel(0, -900);
    await page.waitForTimeout(500);
  }
  await page.waitForTimeout(1000);
  const probes = await readProbes(page);
  report('scroll back', {
    networkImageRequests: network.network(started).length,
    serverImageResponses: server.events().length,
    cls: probes.cls.toFixed(4),
  });
  expect(network.network(started)).toEqual([]);
  expect(server.events()).toEqual([]);
  expect(probes.cls).toBeLessThanOrEqual(0.01);
});

test('at depth (3,000+ items) the DOM holds at most 60 images, and memory stays bounded', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await openFeed(page);
  const cdp = await page.context().newCDPSession(page);
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  const heapBefore = await heap();
  let maxImages = 0;
  let items = 0;
  for (let step = 0; step < 400 && items < 5000; step++) {
    await page.evaluate(() => window.scrollBy(0, window.innerHeight * 6));
    await page.waitForTimeout(120);
    const state = await page.evaluate(() => ({
      images: document.querySelectorAll('img').length,
      items: Number(document.querySelector('.feed')?.getAttribute('data-items') ?? 0),
    }));
    maxImages = Math.max(maxImages, state.images);
    items = state.items;
  }
  const heapAfter = await heap();
  report('depth', {
    itemsLoaded: items,
    maxImgElements: maxImages,
    heapGrowthMB: ((heapAfter - heapBefore) / 1024 / 1024).toFixed(1),
  });
  expect(items).toBeGreaterThanOrEqual(5000);
  expect(maxImages).toBeLessThanOrEqual(60);
  expect(heapAfter - heapBefore).toBeLessThan(30 * 1024 * 1024);
});

test('the detail modal keeps the feed in place and refetches nothing; reload restores the item', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const network = await watchImageRequests(page);
  await openFeed(page);
  await readDown(page, 4, 700);
  await page.waitForTimeout(1500);
  const scrollBefore = await page.evaluate(() => window.scrollY);
  // A loaded card fully on screen, so clicking it needs no scrolling by the test driver itself.
  const id = await page.evaluate(() => {
    const cards = [...document.querySelectorAll<HTMLElement>('.feed-card')].filter((candidate) => {
      const rect = candidate.getBoundingClientRect();
      return candidate.querySelector('img.is-loaded') && rect.top >= 56 && rect.bottom <= innerHeight;
    });
    return cards[0]?.dataset.itemId ?? null;
  });
  expect(id).not.toBeNull();
  const card = page.locator(`[data-item-id="${id}"]`);
  const feedRequests: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/feed')) feedRequests.push(request.url());
  });
  const loadedBefore = new Set(network.network().map((request) => request.url));
  const clickedAt = Date.now();

  await card.click();
  const dialog = page.locator('dialog.detail-dialog');
  await expect(dialog).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/g/${id}$`));
  await expect(dialog.locator('img')).toHaveJSProperty('complete', true);
  // → moves to the next generation of the feed in place; Esc closes and goes back to the feed.
  await page.keyboard.press('ArrowRight');
  await expect(page).not.toHaveURL(new RegExp(`/g/${id}$`));
  await expect(page).toHaveURL(/\/g\/[0-9a-f-]{36}$/);
  await page.keyboard.press('ArrowLeft');
  await expect(page).toHaveURL(new RegExp(`/g/${id}$`));
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.locator(`[data-item-id="${id}"]`)).toBeFocused();

  expect(await page.evaluate(() => window.scrollY)).toBe(scrollBefore);
  const afterClick = network.network(clickedAt);
  report('modal', { newImageRequests: afterClick.length, feedRequests: feedRequests.length });
  // Only detail-sized variants are new (the opened one and its neighbour); nothing the feed had
  // loaded is fetched again.
  expect(afterClick.filter((request) => loadedBefore.has(request.url))).toEqual([]);
  expect(afterClick.length).toBeLessThanOrEqual(2);
  expect(feedRequests).toEqual([]);

  // Reload: the same image comes back at the top of the viewport.
  const anchor = await page.evaluate(() => {
    const cards = [...document.querySelectorAll<HTMLElement>('[data-item-id]')];
    const top = cards
      .map((card) => ({ id: card.dataset.itemId, rect: card.getBoundingClientRect() }))
      .filter((card) => card.rect.bottom > 56)
      .sort((a, b) => a.rect.top - b.rect.top || a.rect.left - b.rect.left)[0];
    return { id: top?.id, top: Math.round(top?.rect.top ?? 0) };
  });
  await page.waitForTimeout(400);
  await page.reload();
  await expect(page.locator(`[data-item-id="${anchor.id}"]`)).toBeVisible({ timeout: 20_000 });
  await expect
    .poll(async () =>
      page.evaluate(
        (id) => Math.round(document.querySelector(`[data-item-id="${id}"]`)!.getBoundingClientRect().top),
        anchor.id,
      ),
    )
    .toBe(anchor.top);
});

test('reload deep in the feed loads the pages up to the same item and returns to it', async ({ page }) => {
  test.setTimeout(120_000);
  await openFeed(page);
  for (let i = 0; i < 12; i++) {
    await page.evaluate(() => window.scrollBy(0, window.innerHeight * 2));
    await page.waitForTimeout(250);
  }
  await page.waitForTimeout(1000);
  const anchor = await page.evaluate(() => {
    const top = [...document.querySelectorAll<HTMLElement>('[data-item-id]')]
      .map((card) => ({ id: card.dataset.itemId, rect: card.getBoundingClientRect() }))
      .filter((card) => card.rect.bottom > 56)
      .sort((a, b) => a.rect.top - b.rect.top || a.rect.left - b.rect.left)[0];
    const items = Number(document.querySelector('.feed')?.getAttribute('data-items'));
    return { id: top?.id, top: Math.round(top?.rect.top ?? 0), items };
  });
  expect(anchor.items).toBeGreaterThan(48);
  await page.reload();
  await expect(page.locator(`[data-item-id="${anchor.id}"]`)).toBeVisible({ timeout: 20_000 });
  await expect
    .poll(() =>
      page.evaluate(
        (id) => Math.round(document.querySelector(`[data-item-id="${id}"]`)!.getBoundingClientRect().top),
        anchor.id,
      ),
    )
    .toBe(anchor.top);
  report('reload deep', { itemsBeforeReload: anchor.items, anchorTop: anchor.top });
});
