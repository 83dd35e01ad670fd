import type { ImageRequest } from '../../support/cdp-image-requests';
import { maxOverlap } from '../../support/intervals';
import type { PerSeenImage } from './economics';
import type { FeedPage } from './report-types';
import type { ImageCacheTier } from '@/lib/transform/serve-image';

/**
 * What one browser session on a feed page recorded, and the report's figures made from it. Pure, so
 * the arithmetic is tested on its own (feed-metrics.test.ts); `feed-session.ts` does the recording.
 */

/** An image request as Chromium's network layer saw it (CDP): what the figures read of one. */
export type WireRequest = Pick<
  ImageRequest,
  'url' | 'startedAt' | 'endedAt' | 'fromCache' | 'canceled' | 'bytes' | 'nextCache'
>;

/** One stop while reading: cards on screen, and how many of them had no decoded image 1 s later. */
export interface Pause {
  visible: number;
  unloaded: number;
}

export interface SessionRecord {
  wire: readonly WireRequest[];
  /** Cards on screen while the visitor looked: the first screen, every pause, where the fling landed. */
  seen: number;
  pauses: readonly Pause[];
  fling: { startedAt: number; endedAt: number };
  maxImgInDom: number;
  cls: number;
  longTasks: number;
  jsHeapBytes: number;
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/** The middle value (the mean of the two middle ones for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Requests that reached the network: a browser-cache hit is not a request to any server. */
export const onTheWire = (wire: readonly WireRequest[]) => wire.filter((request) => !request.fromCache);

export function feedPageFigures(record: SessionRecord, firstScreenHtmlBytes: number): FeedPage {
  const wire = onTheWire(record.wire);
  const seen = Math.max(1, record.seen);
  const visible = record.pauses.reduce((sum, pause) => sum + pause.visible, 0);
  const unloaded = record.pauses.reduce((sum, pause) => sum + pause.unloaded, 0);
  const { startedAt, endedAt } = record.fling;
  return {
    requestsPerSeen: round(wire.length / seen, 3),
    bytesPerSeen: Math.round(wire.reduce((sum, request) => sum + request.bytes, 0) / seen),
    unloadedAfterPause: visible === 0 ? 0 : round(unloaded / visible, 4),
    maxInflight: maxOverlap(
      wire.map((request) => ({ start: request.startedAt, end: request.endedAt ?? Number.POSITIVE_INFINITY })),
    ),
    maxImgInDom: record.maxImgInDom,
    jsHeapBytes: record.jsHeapBytes,
    cls: round(record.cls, 4),
    longTasks: record.longTasks,
    flingRequests: wire.filter((request) => request.startedAt >= startedAt && request.startedAt <= endedAt)
      .length,
    firstScreenHtmlBytes,
  };
}

/** Where each strategy's server-side work is seen: ours in the app's access log, Next's in its header. */
export interface ServerWork {
  /** Originals read from the object store. */
  originReads: number;
  /** Resizes run. */
  transforms: number;
  /** Distinct variants made (what Cloudflare bills once a month). */
  uniqueTransformations: number;
  /** Every variant the session made, each once: the next session's `refillsOf`. */
  made: readonly string[];
}

/**
 * A miss read the original and ran one transform. With `refillsOf` (the variants an earlier session
 * made), only misses on those count: on a warm cache, a miss on a variant nobody asked for before is
 * that variant's first fill, which the month's model counts among its fills, not its repeated views.
 */
function workFromMisses(missed: readonly string[], refillsOf?: ReadonlySet<string>): ServerWork {
  const counted = refillsOf ? missed.filter((key) => refillsOf.has(key)) : missed;
  return {
    originReads: counted.length,
    transforms: counted.length,
    uniqueTransformations: new Set(counted).size,
    made: [...new Set(missed)],
  };
}

/** Next's optimizer reads the original and encodes on every `MISS`; a `HIT` is its disk cache. */
export function nextImageWork(wire: readonly WireRequest[], refillsOf?: ReadonlySet<string>): ServerWork {
  const missed = onTheWire(wire).filter((request) => request.nextCache === 'MISS');
  return workFromMisses(
    missed.map((request) => request.url),
    refillsOf,
  );
}

/** The naive page asks the origin for every original it shows; nothing is resized. */
export function naiveWork(wire: readonly WireRequest[]): ServerWork {
  return { originReads: onTheWire(wire).length, transforms: 0, uniqueTransformations: 0, made: [] };
}

/** The economics section's per-seen-image counters from one session. No strategy writes to R2 while read. */
export function perSeenCounters(record: SessionRecord, work: ServerWork): PerSeenImage {
  const seen = Math.max(1, record.seen);
  const wire = onTheWire(record.wire);
  return {
    originReads: round(work.originReads / seen, 4),
    writes: 0,
    uniqueTransformations: round(work.uniqueTransformations / seen, 4),
    bytesServed: Math.round(wire.reduce((sum, request) => sum + request.bytes, 0) / seen),
    transformsPerformed: round(work.transforms / seen, 4),
  };
}

/** One line of the app's `/i/` access log (IMAGE_ACCESS_LOG, lib/transform/serve-image.ts). */
export interface AccessLogEvent {
  pathname: string;
  status: number;
  /** `store`: the stored display variant read from the public store (issue 17), no transform. */
  cache: ImageCacheTier | null;
}

/**
 * Ours, as Vitrine on the fly: a `miss` read the original and ran one transform; a `store` read is a
 * fill of the same variant, which on the fly is one transform at the edge (the stored path prices it
 * as one stored read instead: economics.ts `storedCounters`); `memory` and `disk` were the variant cache.
 */
export function accessLogWork(
  events: readonly AccessLogEvent[],
  refillsOf?: ReadonlySet<string>,
): ServerWork {
  const missed = events.filter((event) => event.cache === 'miss' || event.cache === 'store');
  return workFromMisses(
    missed.map((event) => event.pathname),
    refillsOf,
  );
}
