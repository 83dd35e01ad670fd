import fs from 'node:fs';
import path from 'node:path';
import { type CDPSession, expect, type Page } from '@playwright/test';
import {
  type ImageRequest,
  type ImageRequestLog,
  requestsUnder,
  watchImageRequests,
} from '../support/cdp-image-requests';
import type { ImageCacheTier } from '../../lib/transform/serve-image';
import { maxOverlap } from '../support/intervals';
import { observeLayoutShift, readLayoutShift } from '../support/layout-shift-probe';
import { throttledNetwork } from '../support/network-conditions';

export { maxOverlap };

export const imageRequestLogPath = path.resolve('.data-e2e', 'image-access.log');

export interface ServerImageEvent {
  pathname: string;
  status: number;
  cache: ImageCacheTier | null;
  startedAt: number;
  endedAt: number;
}

/** Reads what the server answered on /i/ since `mark()` was called. */
export function serverImageLog() {
  let offset = fs.existsSync(imageRequestLogPath) ? fs.statSync(imageRequestLogPath).size : 0;
  return {
    mark() {
      offset = fs.statSync(imageRequestLogPath).size;
    },
    events(): ServerImageEvent[] {
      const text = fs.readFileSync(imageRequestLogPath).subarray(offset).toString('utf8');
      return text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as ServerImageEvent);
    },
  };
}

/**
 * The app's image requests (/i/ URLs) as Chromium's network layer sees them, whatever started them:
 * the watcher the bench uses too (tests/support/cdp-image-requests.ts), on a CDP session of its own
 * (`cdp`, for throttling). In-flight counts come from here in the browser and from the server log
 * on the other side.
 */
export async function watchAppImages(page: Page) {
  return watchImageRequests(await page.context().newCDPSession(page), requestsUnder('/i/'));
}

/** The issue's throttled network (tests/support/network-conditions.ts). */
export async function throttle(cdp: CDPSession) {
  await cdp.send('Network.emulateNetworkConditions', throttledNetwork);
}

/** Waits until every image request the browser started has ended (answered, failed or cancelled). */
export async function settleImages(network: ImageRequestLog) {
  await expect.poll(() => network.open(), { timeout: 30_000 }).toBe(0);
}

/**
 * The browser's requests and the server's answers over the same window are the same requests: each
 * answer the server logged was asked for on the wire, and each request the browser sent was answered
 * and logged — a log line that failed to be written fails here. A request the browser cancelled may
 * have been dropped before the server read it, so only those may be missing on the server's side.
 */
export function expectSameRequests(browser: readonly ImageRequest[], server: readonly ServerImageEvent[]) {
  const answered = new Map<string, number>();
  for (const event of server) answered.set(event.pathname, (answered.get(event.pathname) ?? 0) + 1);
  const unanswered: string[] = [];
  for (const request of browser) {
    const pathname = new URL(request.url).pathname;
    const left = answered.get(pathname) ?? 0;
    if (left > 0) answered.set(pathname, left - 1);
    else if (!request.canceled) unanswered.push(pathname);
  }
  const unasked = [...answered].flatMap(([pathname, left]) => Array<string>(left).fill(pathname));
  expect(unanswered, 'sent by the browser but not in the server log').toEqual([]);
  expect(unasked, 'in the server log but never sent by the browser').toEqual([]);
}

/** In-page probes, installed before any script of the page: CLS, cards seen, images loaded. */
export async function installProbes(page: Page) {
  await page.addInitScript(observeLayoutShift);
  await page.addInitScript(() => {
    const probe = {
      seen: new Set<string>(),
      loads: [] as { src: string; width: number; id: string | null }[],
    };
    (window as unknown as { __probe: typeof probe }).__probe = probe;
    const visible = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        const id = (entry.target as HTMLElement).dataset.itemId;
        if (entry.isIntersecting && id) probe.seen.add(id);
      }
    });
    const watch = (root: ParentNode) => {
      for (const card of root.querySelectorAll('[data-item-id]')) visible.observe(card);
    };
    new MutationObserver((mutations) => {
      for (const mutation of mutations) {
        mutation.addedNodes.forEach((node) => {
          if (node instanceof HTMLElement) {
            if (node.dataset.itemId) visible.observe(node);
            watch(node);
          }
        });
      }
    }).observe(document, { childList: true, subtree: true });
    document.addEventListener(
      'load',
      (event) => {
        const img = event.target;
        if (img instanceof HTMLImageElement && img.currentSrc.includes('/i/')) {
          const src = img.currentSrc;
          // The width it is drawn at, read at the next frame: the first screen's images start with
          // the HTML and may load before the stylesheet applies, when the element is only as wide
          // as its `width` attribute (the reference layout's box). No frame runs before the
          // render-blocking stylesheet is in.
          requestAnimationFrame(() =>
            probe.loads.push({
              src,
              width: img.clientWidth,
              id: img.closest<HTMLElement>('[data-item-id]')?.dataset.itemId ?? null,
            }),
          );
        }
      },
      true,
    );
  });
}

export interface ProbeState {
  cls: number;
  seen: number;
  loads: { src: string; width: number; id: string | null }[];
}

export async function readProbes(page: Page): Promise<ProbeState> {
  const cls = await page.evaluate(readLayoutShift);
  const { seen, loads } = await page.evaluate(() => {
    const probe = (window as unknown as { __probe: { seen: Set<string>; loads: ProbeState['loads'] } })
      .__probe;
    return { seen: probe.seen.size, loads: probe.loads };
  });
  return { cls, seen, loads };
}

/**
 * Reads like a person: a screen at a time with the mouse wheel, slowly enough never to look like a
 * fling (75 px every 60 ms is 1,250 px/s; the scheduler's fling threshold at 900 px tall is
 * 2,250 px/s), then a pause to look.
 */
export async function readDown(page: Page, screens: number, pauseMs = 1000, direction: 1 | -1 = 1) {
  const height = page.viewportSize()?.height ?? 900;
  for (let i = 0; i < screens; i++) {
    for (let moved = 0; moved < height; moved += 75) {
      await page.mouse.wheel(0, 75 * direction);
      await page.waitForTimeout(60);
    }
    await page.waitForTimeout(pauseMs);
  }
}

/**
 * A fling with the mouse wheel, as the issue measured it: `events` wheel events of `screens`
 * viewports each, `intervalMs` apart. Returns where it started and ended (after the page settled),
 * so tests can check it travelled its distance instead of stopping at the end of the loaded rows.
 */
export async function wheelFling(page: Page, events = 40, screens = 3, intervalMs = 30) {
  const height = page.viewportSize()?.height ?? 900;
  const from = await page.evaluate(() => window.scrollY);
  for (let i = 0; i < events; i++) {
    await page.mouse.wheel(0, screens * height);
    await page.waitForTimeout(intervalMs);
  }
  /** When the last wheel event had been sent: nothing may start before (issue 30, "Loading"). */
  const lastEventAt = Date.now();
  await page.waitForTimeout(400);
  const to = await page.evaluate(() => window.scrollY);
  return { from, to, asked: events * screens * height, lastEventAt };
}

/** Feed images the browser has finished (decoded and drawable). */
export function loadedFeedImages(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      [...document.querySelectorAll<HTMLImageElement>('.feed img')].filter(
        (img) => img.complete && img.naturalWidth > 0 && img.currentSrc.includes('/i/'),
      ).length,
  );
}

/** The ids of the cards in the visible bucket's feed, top to bottom. */
export function cardIds(page: Page): Promise<string[]> {
  return page.locator('.feed:visible [data-item-id]').evaluateAll((cards) =>
    cards
      .map((card) => ({ id: (card as HTMLElement).dataset.itemId!, top: card.getBoundingClientRect().top }))
      .sort((a, b) => a.top - b.top)
      .map((card) => card.id),
  );
}

/** Opens the feed and waits for its first screen. */
export async function openFeed(page: Page, url = '/') {
  await page.goto(url);
  await expect.poll(() => loadedFeedImages(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
}

/** Prints a test's measured figures in one line, for the closing notes. */
export function report(name: string, figures: Record<string, number | string>) {
  console.log(
    `[figures] ${name}: ${Object.entries(figures)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
  );
}

export function widthOf(url: string): number {
  const match = new URL(url).pathname.match(/^\/i\/w-(\d+)/);
  return match ? Number(match[1]) : Number.NaN;
}

/** The id of a card fully on screen below the header (its click needs no scrolling by the driver). */
export async function cardOnScreen(page: Page): Promise<string> {
  const id = await page.evaluate(() => {
    const card = [...document.querySelectorAll<HTMLElement>('.feed .feed-card')].find((candidate) => {
      const rect = candidate.getBoundingClientRect();
      return rect.top >= 56 && rect.bottom <= innerHeight && rect.width > 0;
    });
    return card?.dataset.itemId ?? null;
  });
  expect(id, 'a card fully on screen').not.toBeNull();
  return id!;
}
