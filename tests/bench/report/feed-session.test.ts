import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxOverlap } from '../../support/intervals';
import { feedPageFigures, onTheWire } from './feed-metrics';
import { launchBrowser, measureLcp, recordSession } from './feed-session';

/**
 * The report's visitor against a page whose every figure is known: 60 cards of 400×300 in three
 * columns (20 rows of 310 px), lazy `<img>` of distinct URLs, served by a local server that counts
 * what reaches it. The first row's images take 2.5 s, so the first pause (1 s after the first card
 * has a size) sees exactly three cards unloaded; everything else answers in 40 ms.
 */

const CARDS = 60;
const SLOW = new Set([0, 1, 2]);

interface ServerRequest {
  index: number;
  start: number;
  end: number;
}

let server: http.Server;
let origin = '';
let browser: Browser;
const served: ServerRequest[] = [];

function pageHtml(): string {
  const cards = Array.from(
    { length: CARDS },
    (_, index) =>
      `<div class="card" data-item-id="card-${index}"><img loading="lazy" alt="" src="/img/${index}.jpg"></div>`,
  ).join('');
  return `<!doctype html><html><head><meta charset="utf-8"><style>
    body { margin: 0 }
    main { display: grid; grid-template-columns: repeat(3, 400px); gap: 10px }
    .card { height: 300px; background: #222 }
    img { display: block; width: 400px; height: 300px }
  </style></head><body><main>${cards}</main></body></html>`;
}

beforeAll(async () => {
  const jpeg = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#468' } })
    .jpeg()
    .toBuffer();
  server = http.createServer((req, res) => {
    if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(pageHtml());
      return;
    }
    const index = Number(/^\/img\/(\d+)\.jpg$/.exec(req.url ?? '')?.[1] ?? Number.NaN);
    if (!Number.isInteger(index)) {
      res.writeHead(404).end();
      return;
    }
    const request = { index, start: Date.now(), end: Number.POSITIVE_INFINITY };
    served.push(request);
    res.on('close', () => {
      request.end = Date.now();
    });
    setTimeout(
      () => {
        res.writeHead(200, { 'content-type': 'image/jpeg', 'cache-control': 'max-age=3600' }).end(jpeg);
      },
      SLOW.has(index) ? 2_500 : 40,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

describe('recordSession, in Chromium', () => {
  it('records what the page did: requests on the wire as the server saw them, pauses, seen cards', async () => {
    served.length = 0;
    const record = await recordSession(browser, `${origin}/`, { screens: 2 });
    const wire = onTheWire(record.wire);

    // The browser's requests are the server's: one each, for distinct images, nothing missed.
    expect(wire.map((request) => new URL(request.url).pathname).sort()).toEqual(
      served.map((request) => `/img/${request.index}.jpg`).sort(),
    );
    expect(new Set(served.map((request) => request.index)).size).toBe(served.length);
    // In flight on the browser's side covers the server's (the browser also counts what it queues).
    const serverMax = maxOverlap(served);
    const figures = feedPageFigures(record, 1_000);
    expect(figures.maxInflight).toBeGreaterThanOrEqual(serverMax);
    expect(figures.maxInflight).toBeLessThanOrEqual(CARDS);

    // First pause: the first screen (three rows) with the first row's three images still on their way.
    expect(record.pauses).toHaveLength(3);
    expect(record.pauses[0]).toEqual({ visible: 9, unloaded: 3 });
    // Reading moved 900 px a screen: rows 3–5, then rows 6–8 (and their neighbours), all loaded.
    for (const pause of record.pauses.slice(1)) {
      expect(pause.unloaded).toBe(0);
      expect(pause.visible).toBeGreaterThanOrEqual(9);
    }
    // Seen: the first screen, two pauses and the landing screen at the bottom, never the fling's way.
    expect(record.seen).toBeGreaterThanOrEqual(27);
    expect(record.seen).toBeLessThan(CARDS);
    // Every card's <img> is in the DOM from the start; nothing moves, nothing queued in the fling
    // is missed by the count.
    expect(record.maxImgInDom).toBe(CARDS);
    expect(record.cls).toBe(0);
    expect(figures.flingRequests).toBe(
      wire.filter(
        (request) => request.startedAt >= record.fling.startedAt && request.startedAt <= record.fling.endedAt,
      ).length,
    );
    expect(figures.flingRequests).toBeGreaterThan(0);
    expect(record.jsHeapBytes).toBeGreaterThan(0);
  }, 60_000);

  it('measures LCP on its own, the largest image painted', async () => {
    const lcp = await measureLcp(browser, `${origin}/`, 'fast');
    expect(lcp).toBeGreaterThan(0);
    expect(lcp).toBeLessThan(30_000);
  }, 60_000);
});
