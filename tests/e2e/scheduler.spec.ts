import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Page } from '@playwright/test';
import { build } from 'esbuild';
import sharp from 'sharp';
import type { SchedulerStats } from '../../lib/loading/scheduler-types';
import { expect, test } from './fixtures';

/**
 * The image scheduler's DOM glue in a real Chromium, against a self-contained page (it does not use
 * the app's server or baseURL): 200 absolutely positioned 400×300 images in a 40,000 px document,
 * served by a local server that delays every image and counts requests, concurrent requests and
 * requests the browser cancelled. What it proves is written in docs/loading.md.
 */

const VIEWPORT_HEIGHT = 900;
const COUNT = 200;
const BOX_WIDTH = 400;
const BOX_HEIGHT = 300;
const ROW_PITCH = 600;
const COLUMNS = [40, 520, 1000];
const FIRST_TOP = 100;
const DOCUMENT_HEIGHT = FIRST_TOP + Math.ceil(COUNT / COLUMNS.length) * ROW_PITCH + VIEWPORT_HEIGHT;
// The scheduler's own numbers (defaults), restated so a change there fails here loudly.
const CAP = 4;
const WINDOW_ABOVE = 0.5 * VIEWPORT_HEIGHT;
const WINDOW_BELOW = 1 * VIEWPORT_HEIGHT;
const SETTLE_MS = 150;

interface Box {
  index: number;
  top: number;
  left: number;
}

const boxes: Box[] = Array.from({ length: COUNT }, (_, index) => ({
  index,
  top: FIRST_TOP + Math.floor(index / COLUMNS.length) * ROW_PITCH,
  left: COLUMNS[index % COLUMNS.length] ?? 0,
}));

const visibleAt = (box: Box, y: number) => box.top + BOX_HEIGHT > y && box.top < y + VIEWPORT_HEIGHT;
/** Inside the prefetch window for some scroll position between `from` and `to`. */
const reachableBetween = (box: Box, from: number, to: number) =>
  box.top + BOX_HEIGHT >= Math.min(from, to) - WINDOW_ABOVE &&
  box.top <= Math.max(from, to) + VIEWPORT_HEIGHT + WINDOW_BELOW;
const indexes = (list: Box[]) => list.map((box) => box.index).sort((a, b) => a - b);

interface ImageRequest {
  index: number;
  startedAt: number;
  endedAt?: number;
  cancelled: boolean;
}

interface TestServer {
  origin: string;
  requests: ImageRequest[];
  inFlight: number;
  maxInFlight: number;
  delayMs: number;
  reset(): void;
  close(): Promise<void>;
}

async function startServer(): Promise<TestServer> {
  const bundle = await build({
    entryPoints: [path.join(import.meta.dirname, '../../lib/loading/page-scheduler.ts')],
    bundle: true,
    format: 'iife',
    globalName: 'VitrineLoading',
    platform: 'browser',
    target: 'es2022',
    write: false,
  });
  const schedulerJs = bundle.outputFiles[0]?.text ?? '';
  const jpeg = await sharp({
    create: { width: BOX_WIDTH, height: BOX_HEIGHT, channels: 3, background: { r: 90, g: 130, b: 170 } },
  })
    .jpeg({ quality: 60 })
    .toBuffer();

  const state: TestServer = {
    origin: '',
    requests: [],
    inFlight: 0,
    maxInFlight: 0,
    delayMs: 150,
    reset() {
      state.requests = [];
      state.maxInFlight = state.inFlight;
      state.delayMs = 150;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(pageHtml(Number(url.searchParams.get('ssr') ?? 0)));
      return;
    }
    if (url.pathname === '/scheduler.js') {
      res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
      res.end(schedulerJs);
      return;
    }
    const match = /^\/img\/(\d+)\.jpg$/.exec(url.pathname);
    if (!match) {
      res.writeHead(404).end();
      return;
    }
    const request: ImageRequest = { index: Number(match[1]), startedAt: performance.now(), cancelled: false };
    state.requests.push(request);
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    const timer = setTimeout(() => {
      res.writeHead(200, {
        'content-type': 'image/jpeg',
        'content-length': jpeg.length,
        // What /i/ sends: scrolling back must be answered by the browser's cache.
        'cache-control': 'public, max-age=31536000, immutable',
      });
      res.end(jpeg);
    }, state.delayMs);
    res.on('close', () => {
      clearTimeout(timer);
      state.inFlight--;
      request.endedAt = performance.now();
      request.cancelled = !res.writableFinished;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

/**
 * The page: `?virtual=1` mounts only the images near the viewport (as the feed's virtualizer does),
 * unobserving and removing the others; otherwise all 200 stay in the DOM. `?ssr=N` puts the first N
 * images in the HTML with their src, as the server render does above the fold.
 */
function pageHtml(ssr: number): string {
  const serverRendered = boxes
    .slice(0, ssr)
    .map(
      (box) =>
        `<img data-index="${box.index}" alt="" src="/img/${box.index}.jpg" ` +
        `style="top:${box.top}px;left:${box.left}px">`,
    )
    .join('');
  const script = `
    const boxes = ${JSON.stringify(boxes)};
    const virtual = new URLSearchParams(location.search).get('virtual') === '1';
    const feed = document.getElementById('feed');
    const scheduler = VitrineLoading.getImageScheduler();
    const mounted = new Map();
    const log = { loaded: [], errors: [] };
    function mount(box) {
      const rendered = feed.querySelector('img[data-index="' + box.index + '"]');
      const img = rendered ?? document.createElement('img');
      if (!rendered) {
        img.alt = '';
        img.style.top = box.top + 'px';
        img.style.left = box.left + 'px';
        feed.append(img);
      }
      const unobserve = scheduler.observe(img, {
        key: 'img-' + box.index,
        started: Boolean(rendered),
        apply: (element) => { element.src = location.origin + '/img/' + box.index + '.jpg'; },
        onLoaded: () => log.loaded.push(box.index),
        onError: () => log.errors.push(box.index),
      });
      mounted.set(box.index, { img, unobserve });
    }
    // What React StrictMode's effect replay does: unobserve, then observe the same element again.
    function reobserve(index) {
      const entry = mounted.get(index);
      entry.unobserve();
      mounted.delete(index);
      mount(boxes[index]);
    }
    function unmount(index) {
      const entry = mounted.get(index);
      if (!entry) return;
      entry.unobserve();
      entry.img.remove();
      mounted.delete(index);
    }
    function sync() {
      const top = scrollY - innerHeight;
      const bottom = scrollY + 2.5 * innerHeight;
      for (const box of boxes) {
        const near = box.top + ${BOX_HEIGHT} > top && box.top < bottom;
        if (near && !mounted.has(box.index)) mount(box);
        else if (!near && mounted.has(box.index)) unmount(box.index);
      }
    }
    if (virtual) {
      addEventListener('scroll', sync, { passive: true });
      sync();
    } else {
      for (const box of boxes) mount(box);
    }
    let maxInFlightSampled = 0;
    let maxImages = 0;
    (function sample() {
      maxInFlightSampled = Math.max(maxInFlightSampled, scheduler.stats().inFlight);
      maxImages = Math.max(maxImages, document.images.length);
      requestAnimationFrame(sample);
    })();
    window.testPage = {
      log,
      unmount,
      reobserve,
      maxInFlightSampled: () => maxInFlightSampled,
      maxImages: () => maxImages,
    };
  `;
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>scheduler</title>
<style>
  body { margin: 0 }
  #feed { position: relative; height: ${DOCUMENT_HEIGHT}px }
  img { position: absolute; display: block; width: ${BOX_WIDTH}px; height: ${BOX_HEIGHT}px; background: #ddd }
</style></head>
<body><div id="feed">${serverRendered}</div>
<script src="/scheduler.js"></script>
<script>${script}</script>
</body></html>`;
}

/** What the page script puts on `window.testPage`. */
interface TestPage {
  log: { loaded: number[]; errors: number[] };
  unmount(index: number): void;
  reobserve(index: number): void;
  maxInFlightSampled(): number;
  maxImages(): number;
}
/** A cast, not a helper function: `page.evaluate` callbacks run in the page and cannot call into Node. */
type PageWindow = Window & typeof globalThis & { testPage: TestPage };

const stats = (page: Page): Promise<SchedulerStats> =>
  page.evaluate(() => {
    const scheduler = window.__vitrineScheduler;
    if (!scheduler) throw new Error('no scheduler on the page');
    return scheduler.stats();
  });

async function waitForIdle(page: Page, server: TestServer): Promise<void> {
  await expect
    .poll(
      async () => {
        const now = await stats(page);
        return now.inFlight === 0 && now.queued === 0 && server.inFlight === 0;
      },
      { timeout: 20_000, intervals: [100] },
    )
    .toBe(true);
  // Stable for a beat: nothing was merely between two fetches.
  await page.waitForTimeout(300);
  expect(server.inFlight).toBe(0);
}

/** Scrolls by setting scrollTo in steps inside the page, like a wheel or a momentum scroll would. */
function scrollInSteps(page: Page, to: number, step: number, intervalMs: number): Promise<void> {
  return page.evaluate(
    async ({ to, step, intervalMs }) => {
      let y = window.scrollY;
      while (y !== to) {
        y = to > y ? Math.min(to, y + step) : Math.max(to, y - step);
        window.scrollTo(0, y);
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
      }
    },
    { to, step, intervalMs },
  );
}

const requestedIndexes = (server: TestServer, since = 0) =>
  server.requests.slice(since).map((request) => request.index);
const countBy = (values: number[]) => {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
};

let server: TestServer;

test.beforeAll(async () => {
  server = await startServer();
});

test.afterAll(async () => {
  await server?.close();
});

test.beforeEach(async ({ page }) => {
  server.reset();
  await page.setViewportSize({ width: 1440, height: VIEWPORT_HEIGHT });
});

test.describe('image scheduler in Chromium', () => {
  test('on load: visible images first, only the prefetch window, never more than 4 in flight', async ({
    page,
  }) => {
    await page.goto(`${server.origin}/`);
    await waitForIdle(page, server);

    const requested = requestedIndexes(server);
    const visible = boxes.filter((box) => visibleAt(box, 0));
    const prefetchWindow = boxes.filter((box) => reachableBetween(box, 0, 0));
    expect([...requested].sort((a, b) => a - b)).toEqual(indexes(prefetchWindow));
    expect(requested.slice(0, visible.length).sort((a, b) => a - b)).toEqual(indexes(visible));
    expect(server.maxInFlight).toBe(CAP);
    const after = await stats(page);
    expect(after).toMatchObject({
      inFlight: 0,
      queued: 0,
      loaded: prefetchWindow.length,
      started: prefetchWindow.length,
    });
    expect(after.maxInFlightSeen).toBe(CAP);
    expect(
      await page.evaluate(() => (window as PageWindow).testPage.maxInFlightSampled()),
    ).toBeLessThanOrEqual(CAP);
    const loaded = await page.evaluate(() => (window as PageWindow).testPage.log.loaded);
    expect(loaded.sort((a, b) => a - b)).toEqual(indexes(prefetchWindow));
    console.log(
      `[scheduler] load: ${requested.length} requests (window), ${visible.length} visible first, ` +
        `server max concurrent ${server.maxInFlight}`,
    );
  });

  test('reading pace through 10 viewports: each image once, only what came within the window', async ({
    page,
  }) => {
    await page.goto(`${server.origin}/`);
    await waitForIdle(page, server);
    const end = 10 * VIEWPORT_HEIGHT;
    // 60 px every 50 ms ≈ 1.3 viewports per second, under the 2.5 fling threshold even with timer jitter.
    await scrollInSteps(page, end, 60, 50);
    await waitForIdle(page, server);

    const requested = requestedIndexes(server);
    const counts = countBy(requested);
    expect(Math.max(...counts.values())).toBe(1);
    const reachable = boxes.filter((box) => reachableBetween(box, 0, end));
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual(indexes(reachable));
    expect(server.maxInFlight).toBeLessThanOrEqual(CAP);
    expect(server.requests.filter((request) => request.cancelled)).toEqual([]);
    const after = await stats(page);
    expect(after.maxInFlightSeen).toBeLessThanOrEqual(CAP);
    expect(after).toMatchObject({ aborted: 0, started: requested.length, loaded: requested.length });
    console.log(
      `[scheduler] reading pace: ${requested.length} requests for ${reachable.length} reachable images, ` +
        `server max concurrent ${server.maxInFlight}, scheduler max ${after.maxInFlightSeen}`,
    );
  });

  test('a fling over 40 viewports fetches nothing it passes over, then the landing screen first', async ({
    page,
  }) => {
    await page.goto(`${server.origin}/`);
    await waitForIdle(page, server);
    const before = server.requests.length;
    const end = 40 * VIEWPORT_HEIGHT;

    const flingStart = performance.now();
    await scrollInSteps(page, end, VIEWPORT_HEIGHT, 16);
    const flingEnd = performance.now();
    await waitForIdle(page, server);

    const after = server.requests.slice(before);
    // By the time the page's scroll loop has returned, its last scrollTo has happened.
    const duringFling = after.filter((request) => request.startedAt < flingEnd);
    const beforeSettled = after.filter((request) => request.startedAt < flingEnd + SETTLE_MS);
    const landingWindow = boxes.filter((box) => reachableBetween(box, end, end));
    const landingVisible = boxes.filter((box) => visibleAt(box, end));
    const passedOver = after.filter((request) => !landingWindow.some((box) => box.index === request.index));

    expect(duringFling.length).toBeLessThanOrEqual(12);
    expect(passedOver).toEqual([]);
    expect(
      after
        .slice(0, landingVisible.length)
        .map((request) => request.index)
        .sort((a, b) => a - b),
    ).toEqual(indexes(landingVisible));
    expect(after.map((request) => request.index).sort((a, b) => a - b)).toEqual(indexes(landingWindow));
    expect(server.maxInFlight).toBeLessThanOrEqual(CAP);
    console.log(
      `[scheduler] fling: ${Math.round(flingEnd - flingStart)} ms over 40 viewports; ` +
        `${duringFling.length} requests during the fling, ${beforeSettled.length} before it settled; ` +
        `${after.length} in all after it ` +
        `(all in the landing window, its ${landingVisible.length} visible images first); ` +
        `passed over: ${passedOver.length}`,
    );
  });

  test('an in-flight image scrolled far away is cancelled, fetched again only when it is back', async ({
    page,
  }) => {
    server.delayMs = 4000;
    // Not waiting for `load`: the images the scheduler starts before it hold that event, so waiting
    // for it could outlast the first 4 s responses and catch the next four in flight instead.
    await page.goto(`${server.origin}/`, { waitUntil: 'commit' });
    await expect.poll(() => server.inFlight, { timeout: 10_000 }).toBe(CAP);
    const first = server.requests.map((request) => request.index).sort((a, b) => a - b);
    expect(first).toEqual(indexes(boxes.filter((box) => visibleAt(box, 0))).slice(0, CAP));

    // One jump 20 viewports down: every fetch in flight is now beyond the 2-viewport abort distance.
    await page.evaluate((y) => window.scrollTo(0, y), 20 * VIEWPORT_HEIGHT);
    await expect.poll(async () => (await stats(page)).aborted, { timeout: 5000 }).toBeGreaterThanOrEqual(CAP);
    await expect
      .poll(
        () =>
          server.requests
            .filter((request) => first.includes(request.index) && request.cancelled)
            .map((request) => request.index)
            .sort((a, b) => a - b),
        { timeout: 5000 },
      )
      .toEqual(first);
    const cancelledAfterMs = Math.max(
      ...server.requests.filter((request) => request.cancelled).map((r) => (r.endedAt ?? 0) - r.startedAt),
    );

    // Away from the top, nothing brings them back.
    await page.waitForTimeout(1500);
    for (const index of first) expect(countBy(requestedIndexes(server)).get(index)).toBe(1);
    expect(await page.evaluate(() => (window as PageWindow).testPage.log.errors)).toEqual([]);

    server.delayMs = 150;
    await page.evaluate(() => window.scrollTo(0, 0));
    await waitForIdle(page, server);
    const counts = countBy(requestedIndexes(server));
    for (const index of first) expect(counts.get(index)).toBe(2);
    expect(await page.evaluate(() => (window as PageWindow).testPage.log.errors)).toEqual([]);
    expect(server.maxInFlight).toBeLessThanOrEqual(CAP);
    const after = await stats(page);
    console.log(
      `[scheduler] abort: ${after.aborted} aborted by the scheduler, ` +
        `${server.requests.filter((request) => request.cancelled).length} closed by the browser ` +
        `(last one ${Math.round(cancelledAfterMs)} ms into a 4 s response), no error events`,
    );
  });

  test('unobserving an in-flight image (unmount) cancels it and frees its slot', async ({ page }) => {
    server.delayMs = 4000;
    // Not waiting for `load`: the images the scheduler starts before it hold that event, so waiting
    // for it could outlast the first 4 s responses and catch the next four in flight instead.
    await page.goto(`${server.origin}/`, { waitUntil: 'commit' });
    await expect.poll(() => server.inFlight, { timeout: 10_000 }).toBe(CAP);
    const first = server.requests.map((request) => request.index);

    await page.evaluate((list) => {
      for (const index of list) (window as PageWindow).testPage.unmount(index);
    }, first);
    await expect
      .poll(() =>
        server.requests
          .filter((request) => request.cancelled)
          .map((request) => request.index)
          .sort((a, b) => a - b),
      )
      .toEqual([...first].sort((a, b) => a - b));
    // The freed slots go to the next nearest images, still never more than the cap.
    await expect.poll(() => server.requests.length).toBe(2 * CAP);
    expect(server.inFlight).toBe(CAP);
    expect(server.maxInFlight).toBeLessThanOrEqual(CAP);
    expect(await stats(page)).toMatchObject({ aborted: CAP, inFlight: CAP });
  });

  test('server-rendered images already in flight count against the cap and are not requested again', async ({
    page,
  }) => {
    server.delayMs = 600;
    // Not waiting for `load`: it waits for the images, and this looks at the page while they run.
    await page.goto(`${server.origin}/?ssr=${CAP}`, { waitUntil: 'commit' });
    await page.waitForFunction(() => (window as PageWindow).testPage !== undefined);
    const atStart = await stats(page);
    await waitForIdle(page, server);

    const prefetchWindow = boxes.filter((box) => reachableBetween(box, 0, 0));
    const counts = countBy(requestedIndexes(server));
    expect(Math.max(...counts.values())).toBe(1);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual(indexes(prefetchWindow));
    // The parser's 4 fetches were still running when the script observed them: nothing else started.
    expect(atStart).toMatchObject({ inFlight: CAP, started: 0 });
    expect(server.maxInFlight).toBeLessThanOrEqual(CAP);
    const after = await stats(page);
    expect(after).toMatchObject({ started: prefetchWindow.length - CAP, loaded: prefetchWindow.length });
    expect(after.maxInFlightSeen).toBeLessThanOrEqual(CAP);
    const loaded = await page.evaluate(() => (window as PageWindow).testPage.log.loaded);
    for (let index = 0; index < CAP; index++) expect(loaded).toContain(index);
  });

  test('a server-rendered image re-observed in flight is fetched again, not left blank', async ({ page }) => {
    server.delayMs = 600;
    await page.goto(`${server.origin}/?ssr=${CAP}`, { waitUntil: 'commit' });
    await page.waitForFunction(() => (window as PageWindow).testPage !== undefined);
    await page.evaluate(() => (window as PageWindow).testPage.reobserve(0));
    await waitForIdle(page, server);

    const forZero = server.requests.filter((request) => request.index === 0);
    expect(forZero.map((request) => request.cancelled)).toEqual([true, false]);
    const shown = await page.evaluate(() => {
      const img = document.querySelector<HTMLImageElement>('img[data-index="0"]');
      return { width: img?.naturalWidth, src: img?.currentSrc.slice(0, 5) };
    });
    expect(shown).toEqual({ width: BOX_WIDTH, src: 'http:' });
    expect(server.maxInFlight).toBeLessThanOrEqual(CAP);
    expect(await stats(page)).toMatchObject({ aborted: 1 });
  });

  test('virtualized: scrolling back over loaded images starts no request at all', async ({ page }) => {
    await page.goto(`${server.origin}/?virtual=1`);
    await waitForIdle(page, server);
    const end = 10 * VIEWPORT_HEIGHT;
    await scrollInSteps(page, end, 60, 50);
    await waitForIdle(page, server);
    const requestsDown = server.requests.length;
    const startedDown = (await stats(page)).started;
    expect(Math.max(...countBy(requestedIndexes(server)).values())).toBe(1);

    await scrollInSteps(page, 0, 60, 50);
    await waitForIdle(page, server);
    expect(server.requests.length).toBe(requestsDown);
    const after = await stats(page);
    expect(after.started).toBe(startedDown);
    expect(after.loaded).toBe(requestsDown);
    // The remounted images still report onLoaded (the fade-in) when the cache answers.
    const loaded = await page.evaluate(() => (window as PageWindow).testPage.log.loaded);
    for (const box of boxes.filter((b) => visibleAt(b, 0))) {
      expect(loaded.filter((index) => index === box.index).length).toBe(2);
    }
    const maxImages = await page.evaluate(() => (window as PageWindow).testPage.maxImages());
    expect(maxImages).toBeLessThanOrEqual(60);
    console.log(
      `[scheduler] virtualized: ${requestsDown} requests down 10 viewports, 0 back up; ` +
        `at most ${maxImages} <img> in the DOM`,
    );
  });
});
