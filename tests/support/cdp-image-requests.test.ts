import { describe, expect, it } from 'vitest';
import {
  answeredFromCache,
  type ImageRequest,
  imageRequestLog,
  imageTypeRequests,
  repeatedUrls,
  requestsUnder,
} from './cdp-image-requests';

/** One CDP Network event, as the watcher receives it; `at` is the clock when it arrives. */
type Step =
  | { at: number; sent: { type?: string; url: string } }
  | { at: number; servedFromCache: true }
  | {
      at: number;
      response: {
        mimeType?: string;
        headers?: Record<string, unknown>;
        fromDiskCache?: boolean;
        fromServiceWorker?: boolean;
        serviceWorkerResponseSource?: string;
        fromPrefetchCache?: boolean;
      };
    }
  | { at: number; finished: number }
  | { at: number; failed: { canceled?: boolean } };

const URL_A = 'http://localhost:3100/i/w-640/a.jpg';

/** Feeds one request's events (id `r1`) to a fresh log and returns what it recorded. */
function record(steps: readonly Step[], keep = requestsUnder('/i/')) {
  let clock = 0;
  const log = imageRequestLog(keep, () => clock);
  const requestId = 'r1';
  for (const step of steps) {
    clock = step.at;
    if ('sent' in step)
      log.requestWillBeSent({ requestId, type: step.sent.type, request: { url: step.sent.url } });
    else if ('servedFromCache' in step) log.requestServedFromCache({ requestId });
    else if ('response' in step)
      log.responseReceived({
        requestId,
        response: { mimeType: 'image/avif', headers: {}, ...step.response },
      });
    else if ('finished' in step) log.loadingFinished({ requestId, encodedDataLength: step.finished });
    else log.loadingFailed({ requestId, ...step.failed });
  }
  return log;
}

const sent: Step = { at: 10, sent: { type: 'Image', url: URL_A } };
const base: ImageRequest = {
  url: URL_A,
  startedAt: 10,
  fromCache: false,
  failed: false,
  canceled: false,
  bytes: 0,
};

describe('imageRequestLog: on the wire or from a cache, and how it ended', () => {
  it.each<[string, Step[], ImageRequest, { onWire: number; open: number }]>([
    [
      'answered over the network',
      [sent, { at: 40, response: {} }, { at: 50, finished: 5_000 }],
      { ...base, endedAt: 50, bytes: 5_000, mimeType: 'image/avif' },
      { onWire: 1, open: 0 },
    ],
    [
      'still on the wire',
      [sent, { at: 40, response: {} }],
      { ...base, mimeType: 'image/avif' },
      { onWire: 1, open: 1 },
    ],
    [
      'from the memory cache (requestServedFromCache)',
      [sent, { at: 11, servedFromCache: true }, { at: 12, response: {} }, { at: 12, finished: 0 }],
      { ...base, fromCache: true, endedAt: 12, mimeType: 'image/avif' },
      { onWire: 0, open: 0 },
    ],
    [
      'from the disk cache',
      [sent, { at: 12, response: { fromDiskCache: true } }, { at: 13, finished: 0 }],
      { ...base, fromCache: true, endedAt: 13, mimeType: 'image/avif' },
      { onWire: 0, open: 0 },
    ],
    [
      'from the prefetch cache (a <link rel=prefetch> answered ahead)',
      [sent, { at: 12, response: { fromPrefetchCache: true } }, { at: 13, finished: 0 }],
      { ...base, fromCache: true, endedAt: 13, mimeType: 'image/avif' },
      { onWire: 0, open: 0 },
    ],
    [
      'from the service worker, cache hit before it ends',
      [sent, { at: 12, response: { fromServiceWorker: true } }],
      { ...base, fromCache: true, mimeType: 'image/avif' },
      { onWire: 0, open: 0 },
    ],
    [
      'from the service worker, out of its Cache Storage',
      [
        sent,
        { at: 12, response: { fromServiceWorker: true, serviceWorkerResponseSource: 'cache-storage' } },
        { at: 13, finished: 0 },
      ],
      { ...base, fromCache: true, endedAt: 13, mimeType: 'image/avif' },
      { onWire: 0, open: 0 },
    ],
    [
      'from the service worker, which fetched it from the network',
      [
        sent,
        { at: 40, response: { fromServiceWorker: true, serviceWorkerResponseSource: 'network' } },
        { at: 50, finished: 0 },
      ],
      { ...base, endedAt: 50, mimeType: 'image/avif' },
      { onWire: 1, open: 0 },
    ],
    [
      'cancelled on the wire',
      [sent, { at: 30, failed: { canceled: true } }],
      { ...base, endedAt: 30, failed: true, canceled: true },
      { onWire: 1, open: 0 },
    ],
    [
      'failed, not cancelled',
      [sent, { at: 30, failed: {} }],
      { ...base, endedAt: 30, failed: true },
      { onWire: 1, open: 0 },
    ],
    [
      'the first end counts: a late failure changes nothing',
      [sent, { at: 40, response: {} }, { at: 50, finished: 800 }, { at: 60, failed: { canceled: true } }],
      { ...base, endedAt: 50, bytes: 800, mimeType: 'image/avif' },
      { onWire: 1, open: 0 },
    ],
    [
      "Next's cache header, whatever its case",
      [sent, { at: 40, response: { mimeType: 'image/webp', headers: { 'X-NextJS-Cache': 'MISS' } } }],
      { ...base, mimeType: 'image/webp', nextCache: 'MISS' },
      { onWire: 1, open: 1 },
    ],
  ])('%s', (_name, steps, expected, counts) => {
    const log = record(steps);
    expect(log.all()).toEqual([expected]);
    expect(log.network()).toHaveLength(counts.onWire);
    expect(log.open()).toBe(counts.open);
  });

  it.each<[string, Step[]]>([
    [
      'outside the watched path',
      [{ at: 1, sent: { type: 'Image', url: 'http://localhost:3100/_next/a.js' } }],
    ],
    [
      'events of a request it never kept',
      [
        { at: 1, response: {} },
        { at: 2, finished: 100 },
      ],
    ],
  ])('keeps nothing: %s', (_name, steps) => {
    expect(record(steps).all()).toEqual([]);
  });
});

describe('request filters', () => {
  const event = (url: string, type?: string) => ({ requestId: 'r', type, request: { url } });
  it.each([
    [event('http://h/i/w-640/a.jpg', 'Image'), true, true],
    [event('http://h/i/w-640/a.jpg', 'Fetch'), false, true],
    [event('http://h/_next/image?url=a.jpg', 'Image'), true, false],
    [event('data:image/png;base64,iVBO', 'Image'), false, false],
    [event('http://h/index.html', 'Document'), false, false],
  ])('%o: by type %s, under /i/ %s', (request, byType, underImages) => {
    expect(imageTypeRequests(request)).toBe(byType);
    expect(requestsUnder('/i/')(request)).toBe(underImages);
  });
});

describe('answeredFromCache', () => {
  it.each([
    [{}, false],
    [{ fromDiskCache: false, fromServiceWorker: false, fromPrefetchCache: false }, false],
    [{ fromDiskCache: true }, true],
    [{ fromServiceWorker: true }, true],
    [{ fromServiceWorker: true, serviceWorkerResponseSource: 'cache-storage' }, true],
    [{ fromServiceWorker: true, serviceWorkerResponseSource: 'http-cache' }, true],
    [{ fromServiceWorker: true, serviceWorkerResponseSource: 'network' }, false],
    [{ fromPrefetchCache: true }, true],
  ])('%o → %s', (flags, expected) => {
    expect(answeredFromCache({ mimeType: 'image/avif', headers: {}, ...flags })).toBe(expected);
  });
});

describe('the log over several requests', () => {
  it('counts on the wire since a time, in flight at once, and open ones', () => {
    let clock = 0;
    const log = imageRequestLog(requestsUnder('/i/'), () => clock);
    const send = (id: string, at: number, name: string) => {
      clock = at;
      log.requestWillBeSent({ requestId: id, type: 'Image', request: { url: `http://h/i/w-640/${name}` } });
    };
    const finish = (id: string, at: number) => {
      clock = at;
      log.loadingFinished({ requestId: id, encodedDataLength: 100 });
    };
    send('a', 0, 'a.jpg');
    send('b', 5, 'b.jpg');
    send('c', 8, 'c.jpg');
    log.requestServedFromCache({ requestId: 'c' });
    finish('a', 10);
    // Back to back with a's end: not in flight together.
    send('d', 10, 'a.jpg');
    finish('b', 20);
    expect(log.network().map((request) => request.url.slice(-5))).toEqual(['a.jpg', 'b.jpg', 'a.jpg']);
    expect(log.network(6)).toHaveLength(1);
    expect(log.all()).toHaveLength(4);
    expect(log.open()).toBe(1);
    clock = 30;
    // a+b, then b+d; the open d counts as in flight until now.
    expect(log.maxInFlight()).toBe(2);
    expect(log.maxInFlight(6)).toBe(1);
    expect([...repeatedUrls(log.network())]).toEqual(['http://h/i/w-640/a.jpg']);
  });
});

describe('repeatedUrls', () => {
  it.each([
    [[], []],
    [['a', 'b', 'c'], []],
    [
      ['a', 'b', 'a', 'a', 'c', 'b'],
      ['a', 'b'],
    ],
  ])('%o → %o', (urls, expected) => {
    expect([...repeatedUrls(urls.map((url) => ({ url })))]).toEqual(expected);
  });
});
