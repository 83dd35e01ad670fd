/** The scheduler's tunables, their defaults and their validation (see docs/loading.md). */
import { WINDOW_BELOW_VIEWPORTS } from './image-element';

export interface SchedulerOptions {
  /** Image fetches in flight at once. Default 4: below Chrome's 6 connections per host over HTTP/1.1. */
  maxInFlight?: number;
  /** A scroll faster than this many viewport heights per second is a fling. Default 2.5. */
  flingViewportsPerSecond?: number;
  /** A fling is over once no scroll event came for this long. Default 150 ms. */
  settleMs?: number;
  /**
   * ... or for 1.5× the longest gap between its own events, when its events come further apart (a
   * page drawing few frames), up to this long. Default 400 ms.
   */
  maxSettleMs?: number;
  /**
   * After a fling, only images at least half on screen start for this long, or until the visitor
   * scrolls again at reading pace. Default 2000 ms.
   */
  quietAfterFlingMs?: number;
  /** A fetch in flight for an image further than this many viewport heights away is cancelled. Default 2. */
  abortViewports?: number;
}

export const SCHEDULER_DEFAULTS: Readonly<Required<SchedulerOptions>> = Object.freeze({
  maxInFlight: 4,
  flingViewportsPerSecond: 2.5,
  settleMs: 150,
  maxSettleMs: 400,
  quietAfterFlingMs: 2000,
  abortViewports: 2,
});

export function resolveOptions(options: SchedulerOptions): Required<SchedulerOptions> {
  const resolved = { ...SCHEDULER_DEFAULTS, ...stripUndefined(options) };
  if (!Number.isInteger(resolved.maxInFlight) || resolved.maxInFlight < 1) {
    throw new RangeError(`maxInFlight must be a positive integer, got ${resolved.maxInFlight}`);
  }
  if (!(resolved.flingViewportsPerSecond > 0)) {
    throw new RangeError(`flingViewportsPerSecond must be positive, got ${resolved.flingViewportsPerSecond}`);
  }
  // Closer than the window's far edge, an image could be started and aborted on every frame.
  if (!(resolved.abortViewports >= WINDOW_BELOW_VIEWPORTS)) {
    throw new RangeError(
      `abortViewports must be at least ${WINDOW_BELOW_VIEWPORTS}, got ${resolved.abortViewports}`,
    );
  }
  for (const name of ['settleMs', 'quietAfterFlingMs'] as const) {
    if (!(resolved[name] >= 0)) throw new RangeError(`${name} must not be negative, got ${resolved[name]}`);
  }
  if (!(resolved.maxSettleMs >= resolved.settleMs)) {
    throw new RangeError(
      `maxSettleMs must be at least settleMs (${resolved.settleMs}), got ${resolved.maxSettleMs}`,
    );
  }
  return resolved;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
