import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { openFeed, readProbes, report, settleImages, throttle, watchAppImages } from './support';

/**
 * A fast fling on a slow phone: 40 wheel events of 3 viewports, 30 ms apart (120 screens), with the
 * CPU throttled 4× (CDP `Emulation.setCPUThrottlingRate`, a mid-range phone; a busy 2-core machine
 * is the same to the page), on a fast and on a throttled network (150 ms, 8 Mbit/s). Nothing may
 * start while the wheel turns, and the landing screen costs its own images plus at most one row
 * below (the prefetch window's nearest): issue 30, "Loading".
 */

/** Cards of the landing screen, and of the first row below it. */
function landing(page: Page) {
  return page.evaluate(() => {
    const cards = [...document.querySelectorAll<HTMLElement>('.feed .feed-card')].map((card) =>
      card.getBoundingClientRect(),
    );
    const visible = cards.filter((box) => box.bottom > 56 && box.top < innerHeight).length;
    const below = cards.filter((box) => box.top >= innerHeight).map((box) => Math.round(box.top));
    const nextRowTop = below.length > 0 ? Math.min(...below) : null;
    const nextRow = nextRowTop === null ? 0 : below.filter((top) => Math.abs(top - nextRowTop) <= 1).length;
    return { visible, nextRow };
  });
}

for (const network of ['fast', 'throttled'] as const) {
  test(`a fling at 4× CPU on a ${network} network starts nothing while the wheel turns; the landing screen costs its own images and one row`, async ({
    page,
  }) => {
    test.setTimeout(240_000);
    const images = await watchAppImages(page);
    await images.cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    if (network === 'throttled') await throttle(images.cdp);
    await openFeed(page);
    await page.waitForTimeout(1500);
    await settleImages(images);

    const height = page.viewportSize()!.height;
    const flingStarted = Date.now();
    for (let event = 0; event < 40; event++) {
      await page.mouse.wheel(0, 3 * height);
      await page.waitForTimeout(30);
    }
    const flingEnded = Date.now();
    // Within the scheduler's 2 s quiet after a fling, the whole landing screen has started, the
    // partly visible bottom row included (it used to wait out the quiet as a flat placeholder).
    await page.waitForTimeout(1_500);
    const unstarted = await page.evaluate(
      () =>
        [...document.querySelectorAll<HTMLElement>('.feed .feed-card')].filter((card) => {
          const box = card.getBoundingClientRect();
          const img = card.querySelector('img')!;
          return (
            box.bottom > 56 &&
            box.top < innerHeight &&
            !img.getAttribute('srcset') &&
            !img.currentSrc.includes('/i/')
          );
        }).length,
    );
    // The rest of the scheduler's 2 s quiet after a fling: the landing, which ends with it (the
    // prefetch window resumes then, as for any reading).
    await page.waitForTimeout(500);
    await settleImages(images);
    const requests = images.network(flingStarted).filter((request) => !request.canceled);
    const during = requests.filter((request) => request.startedAt <= flingEnded);
    const after = requests.filter(
      (request) => request.startedAt > flingEnded && request.startedAt <= flingEnded + 2_000,
    );
    const screen = await landing(page);
    const probes = await readProbes(page);
    report(`fling 4x cpu ${network}`, {
      flingMs: flingEnded - flingStarted,
      travelledScreens: ((await page.evaluate(() => window.scrollY)) / height).toFixed(0),
      duringFling: during.length,
      landing: after.length,
      visibleCards: screen.visible,
      nextRowCards: screen.nextRow,
      unstartedAt1500ms: unstarted,
      maxInFlight: images.maxInFlight(),
      cls: probes.cls.toFixed(4),
    });
    // It travelled (pages came ahead of it) and landed on cards.
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(30 * height);
    expect(screen.visible).toBeGreaterThan(0);
    expect(during.map((request) => new URL(request.url).pathname)).toEqual([]);
    expect(after.length).toBeGreaterThanOrEqual(Math.min(screen.visible, 1));
    expect(after.length).toBeLessThanOrEqual(screen.visible + screen.nextRow);
    expect(images.maxInFlight()).toBeLessThanOrEqual(4);
    if (network === 'fast') expect(unstarted, 'landing cards not started 1.5 s after the fling').toBe(0);
  });
}
