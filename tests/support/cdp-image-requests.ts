import type { CDPSession } from 'playwright-core';
import { maxOverlap } from './intervals';

/**
 * Image requests as Chromium's network layer sees them (CDP), for the browser suite
 * (tests/e2e/support.ts) and the bench's visitor (tests/bench/report/feed-session.ts): when each
 * started and ended, whether a cache answered it, how it ended, the bytes it carried. Recorded
 * from the network layer, so a hit in the browser's own cache is told apart from a request that
 * went out: only those count as on the wire. Playwright-core's types only, so the bench runs
 * without the test runner.
 */
export interface ImageRequest {
  url: string;
  startedAt: number;
  /** Undefined while it is still on the wire. */
  endedAt?: number;
  /** Answered by the memory/disk cache, the prefetch cache or the service worker: no connection, no byte on the wire. */
  fromCache: boolean;
  failed: boolean;
  canceled: boolean;
  /** Bytes on the wire (headers and body, as transferred). */
  bytes: number;
  mimeType?: string;
  /** Next's optimizer says whether it encoded (`MISS`) or served its cache (`HIT`, `STALE`). */
  nextCache?: string;
}

/*
 * The fields of CDP's Network events the log reads: the protocol's payloads fit them, and a test
 * can write one in a line.
 */
export interface RequestWillBeSent {
  requestId: string;
  type?: string;
  request: { url: string };
}
export interface RequestServedFromCache {
  requestId: string;
}
export interface ResponseReceived {
  requestId: string;
  response: {
    mimeType: string;
    headers: Record<string, unknown>;
    fromDiskCache?: boolean;
    fromServiceWorker?: boolean;
    /** Where a service worker's answer came from: `network` when it fetched it (on the wire). */
    serviceWorkerResponseSource?: string;
    fromPrefetchCache?: boolean;
  };
}
export interface LoadingFinished {
  requestId: string;
  encodedDataLength: number;
}
export interface LoadingFailed {
  requestId: string;
  canceled?: boolean;
}

/** Which requests a log keeps, decided when each is sent. */
export type RequestFilter = (event: RequestWillBeSent) => boolean;

/** Every image the page loads, whatever its URL (the bench's three pages share no path). */
export const imageTypeRequests: RequestFilter = (event) =>
  event.type === 'Image' && !event.request.url.startsWith('data:');

/** Every request under a path (the app's `/i/`), whatever started it. */
export const requestsUnder =
  (prefix: string): RequestFilter =>
  (event) =>
    new URL(event.request.url).pathname.startsWith(prefix);

/**
 * A response that crossed no network: Chromium's disk cache, its prefetch cache (a `<link
 * rel=prefetch>` answered ahead) or a service worker from its cache. A memory-cache hit comes as
 * `requestServedFromCache` instead. A service worker's answer it fetched (`serviceWorkerResponseSource`
 * `network`) went on the wire, from the worker: the page's request stands for it, whose CDP session
 * does not see the worker's own fetch.
 */
export const answeredFromCache = (response: ResponseReceived['response']): boolean =>
  Boolean(
    response.fromDiskCache ||
      response.fromPrefetchCache ||
      (response.fromServiceWorker && response.serviceWorkerResponseSource !== 'network'),
  );

function headerValue(headers: Record<string, unknown>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return String(value);
  return undefined;
}

/** The log itself, fed CDP's events one by one: pure but for `now`, so a test drives it by hand. */
export function imageRequestLog(keep: RequestFilter, now: () => number = Date.now) {
  const byId = new Map<string, ImageRequest>();
  const end = (id: string, change: Partial<ImageRequest>) => {
    const request = byId.get(id);
    if (request && request.endedAt === undefined) Object.assign(request, change, { endedAt: now() });
  };
  const network = (since = 0) => [...byId.values()].filter((r) => !r.fromCache && r.startedAt >= since);
  return {
    requestWillBeSent(event: RequestWillBeSent) {
      if (!keep(event)) return;
      byId.set(event.requestId, {
        url: event.request.url,
        startedAt: now(),
        fromCache: false,
        failed: false,
        canceled: false,
        bytes: 0,
      });
    },
    requestServedFromCache(event: RequestServedFromCache) {
      const request = byId.get(event.requestId);
      if (request) request.fromCache = true;
    },
    responseReceived(event: ResponseReceived) {
      const request = byId.get(event.requestId);
      if (!request) return;
      request.mimeType = event.response.mimeType;
      if (answeredFromCache(event.response)) request.fromCache = true;
      const nextCache = headerValue(event.response.headers, 'x-nextjs-cache');
      if (nextCache) request.nextCache = nextCache;
    },
    loadingFinished(event: LoadingFinished) {
      end(event.requestId, { bytes: event.encodedDataLength });
    },
    loadingFailed(event: LoadingFailed) {
      end(event.requestId, { failed: true, canceled: Boolean(event.canceled) });
    },
    /** Every kept request, cache hits included, in the order they were sent. */
    all: () => [...byId.values()],
    /** Requests that went to the network (not a cache), started at or after `since`. */
    network,
    /** Requests on the wire that have not ended yet (answered, failed or cancelled). */
    open: () => network().filter((request) => request.endedAt === undefined).length,
    /**
     * The most requests on the wire at once (since `since`): network requests only, whose cache
     * status is known once they are answered — a hit in the browser's cache holds no connection.
     */
    maxInFlight: (since = 0) =>
      maxOverlap(
        network(since).map((request) => ({ start: request.startedAt, end: request.endedAt ?? now() })),
      ),
  };
}

export type ImageRequestLog = ReturnType<typeof imageRequestLog>;

/** The log fed by a page's CDP session (Network enabled here); `cdp` stays the caller's to use. */
export async function watchImageRequests(cdp: CDPSession, keep: RequestFilter) {
  const log = imageRequestLog(keep);
  cdp.on('Network.requestWillBeSent', (event) => log.requestWillBeSent(event));
  cdp.on('Network.requestServedFromCache', (event) => log.requestServedFromCache(event));
  cdp.on('Network.responseReceived', (event) => log.responseReceived(event));
  cdp.on('Network.loadingFinished', (event) => log.loadingFinished(event));
  cdp.on('Network.loadingFailed', (event) => log.loadingFailed(event));
  await cdp.send('Network.enable');
  return { cdp, ...log };
}

/** URLs asked for more than once among `requests`. */
export function repeatedUrls(requests: readonly Pick<ImageRequest, 'url'>[]): Set<string> {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const { url } of requests) (seen.has(url) ? repeated : seen).add(url);
  return repeated;
}
