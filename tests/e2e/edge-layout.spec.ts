import type { ImageRequestLog, ResponseReceived } from '../support/cdp-image-requests';
import { type EdgeLayoutServer, startEdgeLayout } from './edge-layout';
import { expect, test } from './fixtures';
import { loadedFeedImages, readDown, readProbes, report, watchAppImages, wheelFling } from './support';

/**
 * One visitor through the production layout (`npm run start:edge`: the bucket server, the
 * image-guard Worker in workerd, the app), with the service worker on: the page on the app's origin,
 * every image from the Worker's, the service worker caching those cross-origin images, a fling held
 * to the feed's bounds, and what the session cost at the bucket, from the bucket server's own log.
 */
test.use({ serviceWorkers: 'allow' });

const CACHE = 'vitrine-images-v2';
// Within this suite's own ports (the suite's server is on 3100).
const ports = { appPort: 3401, s3Port: 9401, workerPort: 8401 };

/**
 * Every image request ended. Longer than support.ts's settleImages: wrangler dev encodes each
 * variant the Worker asks `cf.image` for with sharp at its default AVIF effort, in one process on a
 * shared machine (docs/image-delivery.md), where the app's own /i/ would be warm.
 */
async function settle(network: ImageRequestLog) {
  await expect.poll(() => network.open(), { timeout: 90_000 }).toBe(0);
}

let layout: EdgeLayoutServer | undefined;
const current = () => {
  if (!layout) throw new Error('the production layout did not start');
  return layout;
};
test.beforeAll(async () => {
  test.setTimeout(600_000);
  // Demo images enough for a reading session and a fling to the end of the feed: each is drawn at
  // about 5 a second on the project's 2 cores, then its display set (~12 members) is stored by the
  // app's background backfill in about 1–2 s, which the session waits for.
  layout = await startEdgeLayout({
    ...ports,
    demoCount: 64,
    // Ready includes the first page's display sets (scripts/edge/first-screens.ts).
    timeoutMs: 360_000,
    displaySetsTimeoutMs: 240_000,
  });
});
test.afterAll(async () => {
  await layout?.stop();
});

test('the production layout: images from the Worker, a cross-origin service worker, one bucket read per image, nothing read again on reload', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const edge = current();
  // Ready meant the first screens served as in production: every member of their sets stored.
  const [stored, total] = edge.firstPageAtReady.split('/').map(Number);
  expect(total).toBeGreaterThan(100);
  expect(stored, `display-set members of the first page stored at "ready"`).toBe(total);
  edge.mark();
  const network = await watchAppImages(page);
  const sources: Record<string, number> = {};
  network.cdp.on(
    'Network.responseReceived',
    ({ response }: ResponseReceived & { response: { url: string } }) => {
      if (!new URL(response.url).pathname.startsWith('/i/')) return;
      const source = response.fromServiceWorker ? `sw:${response.serviceWorkerResponseSource}` : 'page';
      sources[source] = (sources[source] ?? 0) + 1;
    },
  );

  const opened = Date.now();
  await page.goto(`${edge.appOrigin}/`);
  await expect.poll(() => loadedFeedImages(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
  // The worker claims the page when it activates: from then on every image request goes through it.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);

  await readDown(page, 3);
  await settle(network);

  // A fling of 8 wheel events of 3 screens (feed.spec.ts's has 40, over 5,400 rows): the feed
  // loads its pages ahead of it, so it travels unless it reaches the end of the 160 demo items.
  const events = 8;
  const flingStarted = Date.now();
  const fling = await wheelFling(page, events, 3);
  const height = page.viewportSize()!.height;
  const atEnd = await page.evaluate(
    () => window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2,
  );
  await page.waitForTimeout(1500);
  await settle(network);
  const flingRequests = network.network(flingStarted);

  const topStarted = Date.now();
  await page.keyboard.press('Home');
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);
  await page.waitForTimeout(1000);
  await readDown(page, 2);
  await settle(network);
  const backAtTop = network.network(topStarted);
  const session = await readProbes(page);

  const all = network.all();
  const onWire = network.network(opened);
  const bucket = edge.bucketRequests();
  // The visitor's cost: the Worker's reads (the log's `reader`), told apart from the app's own.
  const reads = bucket.filter(
    (request) =>
      request.reader === 'worker' &&
      request.method === 'GET' &&
      request.bucket === edge.publicBucket &&
      request.key !== '',
  );
  const urlsOnWire = new Set(onWire.map((request) => request.url));
  const swKeys = await page.evaluate(
    async (name) => (await (await caches.open(name)).keys()).map((request) => request.url),
    CACHE,
  );

  // The second origin: every image the page asked for, and every one the worker cached, is the Worker's.
  expect(all.length).toBeGreaterThan(20);
  expect(all.filter((request) => new URL(request.url).origin !== edge.workerOrigin)).toEqual([]);
  expect(swKeys.length).toBeGreaterThan(10);
  expect(swKeys.filter((key) => !key.startsWith(`${edge.workerOrigin}/i/`))).toEqual([]);
  expect(sources['sw:network'] ?? 0, 'images the service worker fetched for the page').toBeGreaterThan(10);
  // The stored AVIF member of each display set (Chromium takes AVIF).
  expect(onWire.filter((request) => !request.canceled && request.mimeType !== 'image/avif')).toEqual([]);

  // Bounds as in feed.spec.ts: the fling travels, starts few requests, nothing on the way back.
  if (!atEnd) expect(fling.to - fling.from).toBeGreaterThanOrEqual(0.9 * fling.asked);
  expect(flingRequests.length).toBeLessThanOrEqual(12);
  // Back at the top nothing that arrived before is fetched again (3 screens were read, not
  // feed.spec.ts's 25: an image first shown there may still be new).
  const arrivedBefore = new Set(
    onWire
      .filter((request) => request.startedAt < topStarted && !request.canceled)
      .map((request) => request.url),
  );
  expect(backAtTop.filter((request) => arrivedBefore.has(request.url))).toEqual([]);
  expect(network.maxInFlight()).toBeLessThanOrEqual(4);

  // The bucket: the Worker's reads of the public bucket's objects, at most one per image URL
  // fetched. The app's own housekeeping (a listing now and then) is reported, not an image's cost.
  const others = bucket.filter((request) => !reads.includes(request));
  expect(others.filter((request) => request.key !== '')).toEqual([]);
  // Every anonymous read is the Worker's, and the only signed requests are the app's listings.
  expect(others.filter((request) => request.reader === 'worker')).toEqual([]);
  expect(reads.filter((request) => request.status !== 200)).toEqual([]);
  // Every emitted variant is a stored display-set object (v/…): no original read, no stored miss.
  expect(reads.filter((request) => !request.key.startsWith('v/'))).toEqual([]);
  expect(reads.length).toBeLessThanOrEqual(urlsOnWire.size);
  const coldReads = reads.length;
  const coldBytes = reads.reduce((sum, request) => sum + request.bytes, 0);

  // Warm: a reload costs nothing on the wire and nothing at the bucket.
  edge.mark();
  const reloaded = Date.now();
  await page.reload();
  await expect.poll(() => loadedFeedImages(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
  await page.waitForTimeout(1500);
  await settle(network);
  const warmOnWire = network.network(reloaded);
  const warmReads = edge.bucketRequests().filter((request) => request.key !== '');
  const warmImages = all.length;
  report('production layout', {
    imagesRequested: warmImages,
    urlsOnWire: urlsOnWire.size,
    seen: session.seen,
    bucketReadsCold: coldReads,
    readsPerSeenImage: (coldReads / session.seen).toFixed(2),
    readsPerUrlOnWire: (coldReads / urlsOnWire.size).toFixed(2),
    bucketKBCold: Math.round(coldBytes / 1024),
    otherBucketRequests: others.length,
    swFetched: sources['sw:network'] ?? 0,
    swFromCache: sources['sw:cache-storage'] ?? 0,
    swCacheEntries: swKeys.length,
    flingEvents: events,
    flingViewports: ((fling.to - fling.from) / height).toFixed(1),
    flingReachedEnd: String(atEnd),
    flingRequests: flingRequests.length,
    backAtTopNew: backAtTop.length,
    browserMaxInFlight: network.maxInFlight(),
    reloadOnWire: warmOnWire.length,
    bucketReadsWarm: warmReads.length,
    clsBeforeReload: session.cls.toFixed(4),
  });
  // Everything that arrived in the session is answered by the browser or the service worker; an
  // image the reload shows for the first time (one the session cancelled or never reached) is new.
  const arrived = new Set(
    network
      .network(opened)
      .filter((request) => request.startedAt < reloaded && !request.canceled)
      .map((request) => request.url),
  );
  expect(warmOnWire.filter((request) => arrived.has(request.url))).toEqual([]);
  expect(warmReads.length).toBeLessThanOrEqual(new Set(warmOnWire.map((request) => request.url)).size);
  expect(session.cls, 'cumulative layout shift before the reload').toBeLessThanOrEqual(0.01);

  // The Worker's hotlink check knows the app's host, and only it.
  const image = [...urlsOnWire][0]!;
  const elsewhere = await fetch(image, { headers: { Referer: 'http://elsewhere.example/' } });
  await elsewhere.body?.cancel();
  expect(elsewhere.status).toBe(403);
});

test('SIGTERM to `npm run start:edge` alone, as a container runtime sends it, stops the app, the Worker and the bucket server within 10 s', async () => {
  const edge = current();
  const { ms, survivors } = await edge.stopLikeAContainerRuntime();
  report('npm run start:edge stopped by SIGTERM', { ms });
  expect(survivors, `still running ${ms} ms after SIGTERM`).toEqual([]);
  layout = undefined;
  for (const origin of [edge.appOrigin, edge.workerOrigin]) {
    await expect(fetch(`${origin}/api/health`, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
  }
});
