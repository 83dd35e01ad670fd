/**
 * The scheduler's tunables, their defaults and their validation (see docs/loading.md). What a fling
 * is (its speed, its settle pause) is not one of them: the page's motion source decides it for every
 * reader (`scroll-motion.ts`).
 */
import { WINDOW_BELOW_VIEWPORTS } from './image-element';

export interface SchedulerOptions {
  /** Image fetches in flight at once. Default 4: below Chrome's 6 connections per host over HTTP/1.1. */
  maxInFlight?: number;
  /**
   * After a fling, only images at least half on screen start for this long, or until the visitor
   * scrolls again at reading pace. Default 2000 ms.
   */
  quietAfterFlingMs?: number;
  /** A fetch in flight for an image further than this many viewport heights away is cancelled. Default 2. */
  abortViewports?: number;
  /**
   * Whether images in the prefetch window around the viewport start before they are on screen.
   * Default true; off for a visitor who saves data (`save-data.ts`).
   */
  prefetch?: boolean;
}

export const SCHEDULER_DEFAULTS: Readonly<Required<SchedulerOptions>> = Object.freeze({
  maxInFlight: 4,
  quietAfterFlingMs: 2000,
  abortViewports: 2,
  prefetch: true,
});

export function resolveOptions(options: SchedulerOptions): Required<SchedulerOptions> {
  const resolved = { ...SCHEDULER_DEFAULTS, ...stripUndefined(options) };
  if (!Number.isInteger(resolved.maxInFlight) || resolved.maxInFlight < 1) {
    throw new RangeError(`maxInFlight must be a positive integer, got ${resolved.maxInFlight}`);
  }
  // Closer than the window's far edge, an image could be started and aborted on every frame.
  if (!(resolved.abortViewports >= WINDOW_BELOW_VIEWPORTS)) {
    throw new RangeError(
      `abortViewports must be at least ${WINDOW_BELOW_VIEWPORTS}, got ${resolved.abortViewports}`,
    );
  }
  if (!(resolved.quietAfterFlingMs >= 0)) {
    throw new RangeError(`quietAfterFlingMs must not be negative, got ${resolved.quietAfterFlingMs}`);
  }
  return resolved;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
