import fs from 'node:fs';
import path from 'node:path';
import type { CDPSession, Page } from '@playwright/test';

export const imageRequestLogPath = path.resolve('.data-e2e', 'image-access.log');

export interface ServerImageEvent {
  pathname: string;
  status: number;
  cache: 'memory' | 'disk' | 'miss' | null;
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

/** The largest number of intervals open at one instant. */
export function maxOverlap(intervals: readonly { start: number; end: number }[]): number {
  const points = intervals.flatMap((i) => [
    { t: i.start, d: 1 },
    { t: i.end, d: -1 },
  ]);
  // Ends sort before starts at the same instant: back-to-back requests do not overlap.
  points.sort((a, b) => a.t - b.t || a.d - b.d);
  let open = 0;
  let max = 0;
  for (const point of points) {
    open += point.d;
    max = Math.max(max, open);
  }
  return max;
}

export interface NetworkImageRequest {
  url: string;
  startedAt: number;
  endedAt?: number;
  /** Answered by the memory/disk cache or the service worker: no byte crossed the network. */
  fromCache: boolean;
  failed: boolean;
  canceled: boolean;
  encodedBytes: number;
  mimeType?: string;
}

/**
 * Image requests as Chromium's network layer sees them (CDP), for /i/ URLs: when each started,
 * ended, whether it was served from a cache, how many bytes it carried. In-flight counts come from
 * here in the browser and from the server log on the other side.
 */
export async function watchImageRequests(page: Page) {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const byId = new Map<string, NetworkImageRequest>();
  let inFlight = 0;
  let maxInFlight = 0;
  const settle = (id: string, change: Partial<NetworkImageRequest>) => {
    const request = byId.get(id);
    if (!request || request.endedAt !== undefined) return;
    Object.assign(request, change, { endedAt: Date.now() });
    if (!request.fromCache) inFlight -= 1;
  };
  cdp.on('Network.requestWillBeSent', (event) => {
    if (!new URL(event.request.url).pathname.startsWith('/i/')) return;
    byId.set(event.requestId, {
      url: event.request.url,
      startedAt: Date.now(),
      fromCache: false,
      failed: false,
      canceled: false,
      encodedBytes: 0,
    });
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
  });
  cdp.on('Network.requestServedFromCache', (event) => {
    const request = byId.get(event.requestId);
    if (request && !request.fromCache) {
      request.fromCache = true;
      inFlight -= 1;
    }
  });
  cdp.on('Network.responseReceived', (event) => {
    const request = byId.get(event.requestId);
    if (!request) return;
    request.mimeType = event.response.mimeType;
    const cached =
      event.response.fromDiskCache || event.response.fromServiceWorker || event.response.fromPrefetchCache;
    if (cached && !request.fromCache) {
      request.fromCache = true;
      inFlight -= 1;
    }
  });
  cdp.on('Network.loadingFinished', (event) =>
    settle(event.requestId, { encodedBytes: event.encodedDataLength }),
  );
  cdp.on('Network.loadingFailed', (event) =>
    settle(event.requestId, { failed: true, canceled: Boolean(event.canceled) }),
  );
  return {
    cdp,
    all: () => [...byId.values()],
    /** Requests that went to the network (not a cache), started at or after `since`. */
    network: (since = 0) => [...byId.values()].filter((r) => !r.fromCache && r.startedAt >= since),
    maxInFlight: () => maxInFlight,
    resetMax: () => {
      maxInFlight = inFlight;
    },
  };
}

/** In-page probes, installed before any script of the page: CLS, cards seen, images loaded. */
export async function installProbes(page: Page) {
  await page.addInitScript(() => {
    const probe = {
      cls: 0,
      seen: new Set<string>(),
      loads: [] as { src: string; width: number; id: string | null }[],
    };
    (window as unknown as { __probe: typeof probe }).__probe = probe;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & {
        value: number;
        hadRecentInput: boolean;
      })[]) {
        if (!entry.hadRecentInput) probe.cls += entry.value;
      }
    }).observe({ type: 'layout-shift', buffered: true });
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
          probe.loads.push({
            src: img.currentSrc,
            width: img.clientWidth,
            id: img.closest<HTMLElement>('[data-item-id]')?.dataset.itemId ?? null,
          });
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

export function readProbes(page: Page): Promise<ProbeState> {
  return page.evaluate(() => {
    const probe = (
      window as unknown as { __probe: { cls: number; seen: Set<string>; loads: ProbeState['loads'] } }
    ).__probe;
    return { cls: probe.cls, seen: probe.seen.size, loads: probe.loads };
  });
}

/** Scrolls like a reader: one viewport at a time with mouse-wheel steps and a pause to look. */
export async function readDown(page: Page, viewports: number, pauseMs = 800) {
  for (let i = 0; i < viewports; i++) {
    for (let step = 0; step < 6; step++) {
      await page.mouse.wheel(0, 150);
      await page.waitForTimeout(40);
    }
    await page.waitForTimeout(pauseMs);
  }
}

/** A fling: the page moves `viewports` screens in well under a second, frame by frame. */
export async function fling(page: Page, viewports: number, direction: 1 | -1 = 1) {
  await page.evaluate(
    async ({ viewports, direction }) => {
      const distance = viewports * window.innerHeight * direction;
      const frames = 40;
      for (let frame = 0; frame < frames; frame++) {
        window.scrollBy(0, distance / frames);
        await new Promise((resolve) => requestAnimationFrame(resolve));
      }
    },
    { viewports, direction },
  );
}

export function widthOf(url: string): number {
  const match = new URL(url).pathname.match(/^\/i\/w-(\d+)/);
  return match ? Number(match[1]) : Number.NaN;
}
