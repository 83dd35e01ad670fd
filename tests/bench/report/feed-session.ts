/**
 * One visitor on one feed page, in Debian's Chromium driven by playwright-core: the page opens at
 * 1440×900 (DPR 1) in a fresh context (an empty browser cache), the visitor reads `screens` screens
 * with the mouse wheel at reading pace, pausing 1 s on each, then flings (40 wheel events of three
 * screens, 30 ms apart). Image requests are recorded from Chromium's network layer (CDP, the watcher
 * the browser suite uses too: tests/support/cdp-image-requests.ts), so a hit in the browser's own
 * cache is never counted as a request; CLS, long tasks, LCP, cards seen and `<img>`
 * elements are recorded in the page. The same script runs on all three pages: they share only the
 * `data-item-id` attribute on each card.
 */
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { chromiumArgs, findChromium } from '../../e2e/find-chromium';
import {
  type ImageRequestLog,
  imageTypeRequests,
  watchImageRequests,
} from '../../support/cdp-image-requests';
import { observeLayoutShift, readLayoutShift } from '../../support/layout-shift-probe';
import { throttledNetwork } from '../../support/network-conditions';
import { phoneDevice } from '../../support/phone-device';
import type { Pause, SessionRecord } from './feed-metrics';

export const VIEWPORT = { width: 1440, height: 900 } as const;
/** Every wait has an end: a page that never settles is measured as it is after this long. */
const SETTLE_TIMEOUT_MS = 30_000;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), args: chromiumArgs, headless: true });
}

/**
 * The in-page half of the recording, installed before any script of the page runs; CLS is counted
 * beside it, as the browser suite counts it (tests/support/layout-shift-probe.ts).
 */
function installProbes() {
  const probe = { longTasks: 0, lcp: 0, maxImgs: 0 };
  (window as unknown as { __bench: typeof probe }).__bench = probe;
  new PerformanceObserver((list) => {
    probe.longTasks += list.getEntries().length;
  }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) probe.lcp = entry.startTime;
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  // Counted on every DOM change rather than sampled: a virtualizer's peak may last one frame.
  new MutationObserver(() => {
    probe.maxImgs = Math.max(probe.maxImgs, document.images.length);
  }).observe(document, { childList: true, subtree: true });
}

interface ProbeState {
  cls: number;
  longTasks: number;
  lcp: number;
  maxImgs: number;
}

async function readProbes(page: Page): Promise<ProbeState> {
  const cls = await page.evaluate(readLayoutShift);
  const probe = await page.evaluate(() => {
    const probe = (window as unknown as { __bench: Omit<ProbeState, 'cls'> }).__bench;
    return { longTasks: probe.longTasks, lcp: probe.lcp, maxImgs: probe.maxImgs };
  });
  return { cls, ...probe };
}

/** Cards on screen now (their ids), and how many of them have no decoded image. */
const pauseState = (page: Page): Promise<Pause & { ids: string[] }> =>
  page.evaluate(() => {
    const onScreen = [...document.querySelectorAll<HTMLElement>('[data-item-id]')].filter((card) => {
      const box = card.getBoundingClientRect();
      return box.height > 0 && box.width > 0 && box.bottom > 0 && box.top < innerHeight;
    });
    const unloaded = onScreen.filter(
      (card) => ![...card.querySelectorAll('img')].some((img) => img.complete && img.naturalWidth > 0),
    );
    return {
      visible: onScreen.length,
      unloaded: unloaded.length,
      ids: onScreen.map((card) => card.dataset.itemId ?? ''),
    };
  });

async function waitForQuiet(page: Page, wire: ImageRequestLog, quietMs: number) {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    if (wire.open() > 0) quietSince = Date.now();
    else if (Date.now() - quietSince >= quietMs) return;
    await page.waitForTimeout(100);
  }
}

/** A fresh profile at the bench's viewport; `serviceWorkers: 'allow'` for the production layout's visitor. */
export function newVisitorContext(browser: Browser, serviceWorkers: 'allow' | 'block' = 'block') {
  return browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1, serviceWorkers });
}

/**
 * What a first visit is measured under (issue 32): the bench's desktop on a fast and on a throttled
 * network; the same desktop with its CPU slowed 4× by CDP (a mid-range phone's speed, fast network);
 * and a phone — 390×844 at DPR 3, touch, the CPU slowed 4×, fast network.
 */
export const lcpConditions = ['fast', 'throttled', 'cpu', 'phone'] as const;
export type LcpCondition = (typeof lcpConditions)[number];

/** CDP's CPU throttling rate for the slow-CPU conditions: 4× is the usual stand-in for a mid-range phone. */
const SLOW_CPU_RATE = 4;

function lcpContext(browser: Browser, condition: LcpCondition): Promise<BrowserContext> {
  if (condition !== 'phone') return newVisitorContext(browser);
  return browser.newContext({ ...phoneDevice, serviceWorkers: 'block' });
}

async function openPage(browser: Browser, url: string, condition: LcpCondition, shared?: BrowserContext) {
  const context: BrowserContext = shared ?? (await lcpContext(browser, condition));
  const page = await context.newPage();
  await page.addInitScript(observeLayoutShift);
  await page.addInitScript(installProbes);
  const cdp = await context.newCDPSession(page);
  const wire = await watchImageRequests(cdp, imageTypeRequests);
  if (condition === 'throttled') await cdp.send('Network.emulateNetworkConditions', throttledNetwork);
  if (condition === 'cpu' || condition === 'phone')
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: SLOW_CPU_RATE });
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: SETTLE_TIMEOUT_MS });
  return { context, page, cdp, wire };
}

/** LCP alone: the page opened in a fresh context, measured once its images have stopped arriving. */
export async function measureLcp(browser: Browser, url: string, condition: LcpCondition): Promise<number> {
  const { context, page, wire } = await openPage(browser, url, condition);
  try {
    await waitForQuiet(page, wire, 1000);
    return Math.round((await readProbes(page)).lcp);
  } finally {
    await context.close();
  }
}

export interface SessionOptions {
  screens: number;
  /**
   * The visitor's profile, kept open after the session (its cache and service worker then answer a
   * second visit); by default a fresh context, closed at the end.
   */
  context?: BrowserContext;
  onProgress?: (message: string) => void;
}

/** The whole visit: open, read `screens` screens at reading pace, fling, settle. */
export async function recordSession(
  browser: Browser,
  url: string,
  options: SessionOptions,
): Promise<SessionRecord> {
  const { context, page, cdp, wire } = await openPage(browser, url, 'fast', options.context);
  try {
    // Seen: on screen while the visitor looks (the first screen, each pause, where the fling lands);
    // cards a fling passes over are on screen for a frame and nobody sees them.
    const seen = new Set<string>();
    const look = async () => {
      const state = await pauseState(page);
      for (const id of state.ids) seen.add(id);
      return { visible: state.visible, unloaded: state.unloaded };
    };
    // The visitor does not wait for the network to go quiet: the first screen is the first pause,
    // 1 s after its first card has a size, and reading starts right after it.
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('[data-item-id]')].some(
          (card) => card.getBoundingClientRect().height > 0,
        ),
      undefined,
      { timeout: SETTLE_TIMEOUT_MS },
    );
    await page.waitForTimeout(1000);
    const pauses: Pause[] = [await look()];
    await page.mouse.move(VIEWPORT.width / 2, VIEWPORT.height / 2);
    for (let screen = 0; screen < options.screens; screen++) {
      // 75 px every 60 ms is 1,250 px/s: reading, never mistaken for a fling (docs/loading.md).
      for (let moved = 0; moved < VIEWPORT.height; moved += 75) {
        await page.mouse.wheel(0, 75);
        await page.waitForTimeout(60);
      }
      await page.waitForTimeout(1000);
      pauses.push(await look());
      if ((screen + 1) % 5 === 0) options.onProgress?.(`screen ${screen + 1}/${options.screens}`);
    }
    const flingStart = Date.now();
    for (let event = 0; event < 40; event++) {
      await page.mouse.wheel(0, 3 * VIEWPORT.height);
      await page.waitForTimeout(30);
    }
    // Requests the fling itself caused: during it and in the half second it takes to come to rest.
    await page.waitForTimeout(500);
    const flingEnd = Date.now();
    await waitForQuiet(page, wire, 1000);
    await look();
    const probes = await readProbes(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    return {
      wire: wire.all(),
      seen: seen.size,
      pauses,
      fling: { startedAt: flingStart, endedAt: flingEnd },
      maxImgInDom: probes.maxImgs,
      cls: probes.cls,
      longTasks: probes.longTasks,
      jsHeapBytes: heap.usedSize,
    };
  } finally {
    if (options.context) await page.close();
    else await context.close();
  }
}
