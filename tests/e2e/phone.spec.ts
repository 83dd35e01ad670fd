import type { CDPSession, Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { openFeed, readProbes, report, settleImages, watchAppImages, widthOf } from './support';
import { phoneDevice } from '../support/phone-device';

/**
 * A phone: 390×844 at DPR 3, touch only. The thumb drags, flicks, taps and swipes as touch events
 * (CDP `Input.dispatchTouchEvent`: the compositor scrolls the page from them, and a quick flick
 * carries on by momentum, as a finger's does).
 */
test.use(phoneDevice);

const DPR = 3;

interface Point {
  x: number;
  y: number;
}

/**
 * One finger from `from` to `to` in `steps` moves `intervalMs` apart, then lifted. The events carry
 * their own timestamps, so the release velocity — whether momentum carries the page on — is the
 * gesture's, not the test runner's timer jitter.
 */
async function drag(cdp: CDPSession, from: Point, to: Point, steps: number, intervalMs: number) {
  let timestamp = Date.now() / 1000;
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [from], timestamp });
  for (let step = 1; step <= steps; step++) {
    const point = {
      x: from.x + ((to.x - from.x) * step) / steps,
      y: from.y + ((to.y - from.y) * step) / steps,
    };
    timestamp += intervalMs / 1000;
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [point], timestamp });
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  timestamp += intervalMs / 1000;
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [], timestamp });
}

/** Reading: the page pushed up 600 px at about 1,000 px/s. */
const readingDrag = (cdp: CDPSession) => drag(cdp, { x: 195, y: 760 }, { x: 195, y: 160 }, 20, 30);
/** A flick: the same 600 px in about 100 ms, released moving — momentum carries the page on. */
const flick = (cdp: CDPSession) => drag(cdp, { x: 195, y: 760 }, { x: 195, y: 160 }, 6, 16);
/**
 * A swipe inside the dialog, about 100 ms. The next tap follows at once: the dialog claims a swipe's
 * moves, so the browser starts no fling of its own that the tap would only stop.
 */
const swipe = (cdp: CDPSession, from: Point, to: Point) => drag(cdp, from, to, 6, 16);

async function tap(page: Page, target: Locator) {
  const box = (await target.boundingBox())!;
  await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
}

/**
 * A loaded card whose middle is well on screen (a phone's rows are most of a screen tall, so few are
 * wholly in view), where to tap it, and the id of the card after it in the feed.
 */
function cardToOpen(page: Page) {
  return page.evaluate(() => {
    const cards = [...document.querySelectorAll<HTMLElement>('.feed-card')].filter(
      (card) => card.getBoundingClientRect().height > 0,
    );
    const index = cards.findIndex((card) => {
      const rect = card.getBoundingClientRect();
      const img = card.querySelector('img');
      const middle = rect.top + rect.height / 2;
      return img?.complete && img.naturalWidth > 0 && middle > 150 && middle < innerHeight - 150;
    });
    return { id: cards[index]?.dataset.itemId ?? null, next: cards[index + 1]?.dataset.itemId ?? null };
  });
}

test('a phone: thumb scrolling and flinging, right-sized requests, a dialog driven by touch', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const network = await watchAppImages(page);
  const cdp = network.cdp;
  await openFeed(page);

  // Reading with the thumb, then five flicks in a row, each carried on by momentum.
  for (let i = 0; i < 8; i++) {
    await readingDrag(cdp);
    await page.waitForTimeout(800);
  }
  await settleImages(network);
  const readTo = await page.evaluate(() => window.scrollY);
  const flingStarted = Date.now();
  for (let i = 0; i < 5; i++) {
    await flick(cdp);
    await page.waitForTimeout(400);
  }
  await page.waitForTimeout(2500);
  await settleImages(network);
  const flingTo = await page.evaluate(() => window.scrollY);
  const flingFrom = readTo;
  const flingRequests = network.network(flingStarted);

  // Every fetch against the device pixels of the box it was first shown in.
  const probes = await readProbes(page);
  const fetched = new Set(network.network().map((request) => request.url));
  const firstLoads = new Map<string, number>();
  for (const load of probes.loads)
    if (fetched.has(load.src) && !firstLoads.has(load.src)) firstLoads.set(load.src, load.width);
  const ratios = [...firstLoads].map(([src, width]) => widthOf(src) / (width * DPR));

  // Tap a card: the dialog fills the screen, with visible controls a thumb can hit.
  const scrollBefore = await page.evaluate(() => window.scrollY);
  await expect.poll(async () => (await cardToOpen(page)).id, { timeout: 15_000 }).not.toBeNull();
  const { id, next } = await cardToOpen(page);
  await tap(page, page.locator(`[data-item-id="${id}"]`));
  const dialog = page.locator('dialog.detail-dialog');
  await expect(dialog).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/g/${id}$`));
  const picture = dialog.locator('figure img');
  await expect(picture).toHaveJSProperty('complete', true);
  for (const name of ['Close', 'Previous generation', 'Next generation']) {
    await expect(dialog.getByRole('button', { name })).toBeVisible();
  }
  const smallTargets = await dialog.evaluate((element) =>
    [...element.querySelectorAll<HTMLElement>('a, button')]
      .map((control) => ({
        label: control.textContent?.trim() || control.ariaLabel,
        rect: control.getBoundingClientRect(),
      }))
      .filter(({ rect }) => rect.width > 0 && (rect.width < 44 || rect.height < 44))
      .map(({ label, rect }) => `${label}: ${Math.round(rect.width)}×${Math.round(rect.height)}`),
  );
  expect(smallTargets).toEqual([]);
  const pictureBox = (await picture.boundingBox())!;
  const pictureRatio =
    widthOf(await picture.evaluate((img: HTMLImageElement) => img.currentSrc)) / (pictureBox.width * DPR);

  // A tap on the picture is not a close.
  await tap(page, picture);
  await page.waitForTimeout(300);
  await expect(dialog).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/g/${id}$`));

  // Swipe left: the next generation of the feed; swipe right: back. The close button closes.
  const middle = { x: 195, y: pictureBox.y + pictureBox.height / 2 };
  await swipe(cdp, { x: 330, y: middle.y }, { x: 60, y: middle.y + 10 });
  await expect(page).toHaveURL(new RegExp(`/g/${next}$`));
  await swipe(cdp, { x: 60, y: middle.y }, { x: 330, y: middle.y - 10 });
  await expect(page).toHaveURL(new RegExp(`/g/${id}$`));
  await tap(page, dialog.getByRole('button', { name: 'Close' }));
  await expect(dialog).toHaveCount(0);
  await expect(page).toHaveURL(/\/$/);
  expect(await page.evaluate(() => window.scrollY)).toBe(scrollBefore);

  // Open again and swipe down: closed, the feed where it was.
  await tap(page, page.locator(`[data-item-id="${id}"]`));
  await expect(dialog).toBeVisible();
  await swipe(cdp, { x: 195, y: middle.y - 150 }, { x: 200, y: middle.y + 150 });
  await expect(dialog).toHaveCount(0);
  expect(await page.evaluate(() => window.scrollY)).toBe(scrollBefore);

  report('phone', {
    fetches: ratios.length,
    maxRequestedOverDevicePixels: Math.max(...ratios).toFixed(2),
    detailRequestedOverDevicePixels: pictureRatio.toFixed(2),
    readPx: readTo,
    thumbFlingPx: flingTo - flingFrom,
    thumbFlingRequests: flingRequests.length,
  });
  expect(ratios.length).toBeGreaterThan(15);
  expect(ratios.filter((ratio) => ratio > 1.6)).toEqual([]);
  expect(pictureRatio).toBeLessThanOrEqual(1.6);
  expect(readTo).toBeGreaterThanOrEqual(8 * 550);
  // Momentum: well past the five drags' own 3,000 px.
  expect(flingTo - flingFrom).toBeGreaterThanOrEqual(5 * 900);
  expect(flingRequests.length).toBeLessThanOrEqual(12);
});
