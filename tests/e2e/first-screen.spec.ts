import type { Page } from '@playwright/test';
import { repeatedUrls } from '../support/cdp-image-requests';
import { expect, test } from './fixtures';
import { report, settleImages, throttle, watchAppImages } from './support';
import { phoneDevice } from '../support/phone-device';

/**
 * The first screen before any input (issue 32): the images that decide the first paint start with
 * the HTML (each bucket's largest cards are `<picture>`s whose source matches only in that bucket,
 * found by the preload scanner, before layout and before the parser is done), hydration adopts the
 * server's cards as they are, and the first screen costs its own images and nothing more — at most
 * the visible cards and one row below them, each once, never more than 4 on the wire. Desktop on a
 * fast and a throttled network, and a phone. The fixture holds CLS to ≤ 0.01.
 */

/** What the HTML's own `<img>` elements were when the parser finished, for the adoption check. */
function recordHtmlImages() {
  document.addEventListener('DOMContentLoaded', () => {
    const state = window as unknown as { __htmlImages: HTMLImageElement[] };
    state.__htmlImages = [...document.querySelectorAll<HTMLImageElement>('.feed img')];
  });
}

async function firstScreenVisit(page: Page, name: string, options: { throttled: boolean }) {
  await page.addInitScript(recordHtmlImages);
  const network = await watchAppImages(page);
  if (options.throttled) await throttle(network.cdp);
  await page.goto('/');
  // Hydrated: the visible bucket's feed is the only one left.
  await expect.poll(() => page.locator('.feed').count(), { timeout: 30_000 }).toBe(1);
  await page.waitForTimeout(1500);
  await settleImages(network);

  const screen = await page.evaluate(() => {
    const cards = [...document.querySelectorAll<HTMLElement>('.feed [data-item-id]')].map((card) => {
      const box = card.getBoundingClientRect();
      const img = card.querySelector('img');
      return { top: Math.round(box.top), bottom: box.bottom, src: img?.currentSrc ?? '', img };
    });
    const visible = cards.filter((card) => card.top < innerHeight && card.bottom > 0);
    // The first row that starts below the screen: the one row of prefetch a first screen may cost.
    const nextTop = Math.min(...cards.filter((card) => card.top >= innerHeight).map((card) => card.top));
    const nextRow = cards.filter((card) => card.top === nextTop);
    const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    // The HTML's own requests: the visible bucket's `<picture>` cards.
    const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const htmlStarted = [...document.querySelectorAll<HTMLImageElement>('.feed picture img')].map((img) => ({
      url: img.currentSrc,
      startTime: resources.find((entry) => entry.name === img.currentSrc)?.startTime ?? Number.NaN,
    }));
    const html = (window as unknown as { __htmlImages?: HTMLImageElement[] }).__htmlImages ?? [];
    const adopted = html.filter((img) => img.isConnected && img.currentSrc !== '');
    return {
      visible: visible.length,
      nextRow: nextRow.length,
      shownUrls: cards.map((card) => card.src).filter(Boolean),
      htmlStarted,
      domInteractive: navigation.domInteractive,
      adoptedImages: adopted.map((img) => img.currentSrc),
    };
  });
  const requests = network.network();
  const htmlBytes = Buffer.byteLength(await (await page.request.get('/')).text());
  report(name, {
    requests: requests.length,
    visibleCards: screen.visible,
    nextRow: screen.nextRow,
    htmlStarted: screen.htmlStarted.length,
    htmlStartedAtMs: screen.htmlStarted.map((started) => Math.round(started.startTime)).join('/'),
    domInteractiveMs: Math.round(screen.domInteractive),
    maxInFlight: network.maxInFlight(),
    htmlKb: (htmlBytes / 1024).toFixed(1),
  });

  // The first screen costs its own images and one row more, each once, at most 4 at a time.
  expect(requests.length).toBeGreaterThanOrEqual(screen.visible);
  expect(requests.length).toBeLessThanOrEqual(screen.visible + screen.nextRow);
  expect([...repeatedUrls(network.all())], 'requested twice').toEqual([]);
  expect(network.maxInFlight()).toBeLessThanOrEqual(4);
  // The LCP candidates started with the HTML: at most the cap, each before the parser was done
  // (a lazy image would start only at the first layout), each a card now on screen.
  expect(screen.htmlStarted.length).toBeGreaterThanOrEqual(1);
  expect(screen.htmlStarted.length).toBeLessThanOrEqual(4);
  for (const started of screen.htmlStarted) {
    expect(started.startTime).toBeLessThan(screen.domInteractive);
    expect(screen.shownUrls).toContain(started.url);
  }
  // Hydration kept the HTML's image elements (the visible bucket's), with what they had loaded.
  expect(screen.adoptedImages.length).toBeGreaterThanOrEqual(screen.htmlStarted.length);
  for (const started of screen.htmlStarted) expect(screen.adoptedImages).toContain(started.url);
  expect(htmlBytes).toBeLessThanOrEqual(80 * 1024);
}

test('the first screen on a desktop: its images start with the HTML, once each, at most 4 at a time', async ({
  page,
}) => {
  await firstScreenVisit(page, 'first screen desktop', { throttled: false });
});

test('the first screen on a throttled network (150 ms, 8 Mbit/s)', async ({ page }) => {
  test.setTimeout(60_000);
  await firstScreenVisit(page, 'first screen throttled', { throttled: true });
});

test.describe('on a phone', () => {
  test.use(phoneDevice);

  test('the first screen on a phone (390×844, DPR 3)', async ({ page }) => {
    await firstScreenVisit(page, 'first screen phone', { throttled: false });
  });
});
