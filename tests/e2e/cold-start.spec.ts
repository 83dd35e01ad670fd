import type { Browser, Page } from '@playwright/test';
import { appServerForFile } from './app-server';
import { expect, test } from './fixtures';
import { installProbes, openFeed, readDown, readProbes, report, throttle } from './support';

/**
 * The first visitors of a server just started: a server of its own, nothing prewarmed, so every
 * image a visitor reaches is encoded on demand (a cold variant cache); `restartCold()` brings it
 * back to that state. Images come from a second origin, as in production.
 */
const server = appServerForFile(
  {
    port: 3102,
    name: 'cold',
    demoCount: 160,
    env: { PREWARM_ON_START: 'false', ASSET_BASE_URL: 'http://localhost:3102' },
  },
  240_000,
);

/** Feed images at least partly in view (below the header), and how many of them are not drawable yet. */
function inView(page: Page) {
  return page.evaluate(() => {
    const images = [...document.querySelectorAll<HTMLImageElement>('.feed img')].filter((img) => {
      const rect = img.getBoundingClientRect();
      return rect.height > 0 && rect.bottom > 56 && rect.top < innerHeight;
    });
    return {
      total: images.length,
      missing: images.filter((img) => !(img.complete && img.naturalWidth > 0)).length,
    };
  });
}

test('cold variant cache at reading pace: ≤ 10 % of the images in view missing 1 s after each step', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await server.restartCold();
  await openFeed(page, `${server.origin}/`);
  let total = 0;
  let missing = 0;
  const perStep: string[] = [];
  for (let step = 0; step < 12; step++) {
    // A screen at reading pace; the sample is taken a second after it ended.
    await readDown(page, 1, 1000);
    const sample = await inView(page);
    total += sample.total;
    missing += sample.missing;
    perStep.push(`${sample.missing}/${sample.total}`);
  }
  report('cold reading', {
    missingInView: `${missing}/${total}`,
    share: (missing / total).toFixed(3),
    perStep: perStep.join(','),
  });
  expect(total).toBeGreaterThan(60);
  expect(missing / total).toBeLessThanOrEqual(0.1);
});

interface LcpSample {
  renderTime: number;
  loadTime: number;
  url: string;
}

/**
 * A visit to `/` and its last LCP candidate, once the page has settled: its prefetch window loaded
 * too, so the server is done encoding for it before the next visitor is measured (on 2 cores, those
 * encodes would otherwise slow the next visitor's browser as much as the server).
 */
async function visit(page: Page, origin: string): Promise<LcpSample> {
  await page.goto(`${origin}/`);
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(500);
  const lcp = await page.evaluate(() => (window as unknown as { __lcp: LcpSample | null }).__lcp);
  // Nothing moved while the first screen came in.
  expect((await readProbes(page)).cls).toBeLessThanOrEqual(0.01);
  return lcp!;
}

async function newVisitor(browser: Browser, throttled: boolean) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await installProbes(page);
  await page.addInitScript(() => {
    const state = window as unknown as { __lcp: unknown };
    state.__lcp = null;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & {
        renderTime: number;
        loadTime: number;
        url: string;
      })[])
        state.__lcp = { renderTime: entry.renderTime, loadTime: entry.loadTime, url: entry.url };
    }).observe({ type: 'largest-contentful-paint', buffered: true });
  });
  if (throttled) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await throttle(cdp);
  }
  return { context, page };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const RUNS = 5;

/**
 * LCP against the LCP image's own load: a new visitor on a cold variant cache (just restarted), a
 * new visitor on the variants the first one caused (warm), and that visitor again (the images in
 * the browser's cache). The first screen's images are in the HTML and show once decoded, with no
 * wait for hydration; on 2 cores a paint may still wait for a long task of the scripts' start-up.
 */
for (const throttled of [false, true]) {
  const network = throttled ? 'throttled' : 'fast';
  test(`LCP follows its image's load, cold and warm variant cache (${network})`, async ({ browser }) => {
    test.setTimeout(240_000);
    const samples = { cold: [] as LcpSample[], warm: [] as LcpSample[], repeat: [] as LcpSample[] };
    for (let run = 0; run < RUNS; run++) {
      await server.restartCold();
      const first = await newVisitor(browser, throttled);
      samples.cold.push(await visit(first.page, server.origin));
      await first.context.close();
      const second = await newVisitor(browser, throttled);
      samples.warm.push(await visit(second.page, server.origin));
      samples.repeat.push(await visit(second.page, server.origin));
      await second.context.close();
    }
    for (const [kind, list] of Object.entries(samples)) {
      report(`LCP ${network} ${kind}`, {
        loadMs: list.map((sample) => Math.round(sample.loadTime)).join('/'),
        renderMs: list.map((sample) => Math.round(sample.renderTime)).join('/'),
        medianRatio: median(list.map((sample) => sample.renderTime / sample.loadTime)).toFixed(2),
      });
      // The LCP element is a feed image the HTML requested.
      for (const sample of list) {
        expect(new URL(sample.url).pathname).toMatch(/^\/i\//);
        expect(sample.loadTime).toBeGreaterThan(0);
      }
    }
    // Cold, the image arrives after the scripts have started: the paint follows within a frame or two.
    expect(median(samples.cold.map((sample) => sample.renderTime / sample.loadTime))).toBeLessThanOrEqual(
      1.2,
    );
    // Warm and from the browser's own cache, the image arrives while the page is still being parsed
    // (its request starts with the HTML: docs/feed.md) and is painted with the first frame, when the
    // parser is done: warm gaps 34–241 ms (the ratio to the load time, 1.05–1.23 while these images
    // started at the first layout, rose to ~1.4 as the load itself moved earlier — so the gap is
    // what is bounded). What must not come back is a paint that waits for hydration itself (the
    // opacity gate this replaced: 400+ ms after the load), which the repeat visit shows plainest:
    // its image is there at ~0.1 s, hydration ends much later. docs/benchmarks.md, LCP.
    expect(median(samples.warm.map((sample) => sample.renderTime - sample.loadTime))).toBeLessThanOrEqual(
      250,
    );
    expect(median(samples.repeat.map((sample) => sample.renderTime - sample.loadTime))).toBeLessThanOrEqual(
      250,
    );
  });
}
