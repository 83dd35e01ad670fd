import type { LoadMode } from './plan-loads';

/**
 * Scroll speed and fling detection, pure: times are whatever clock the caller uses (scroll-motion.ts
 * passes scroll events' `timeStamp`, the same clock as `performance.now()`).
 */

export interface ScrollSample {
  y: number;
  t: number;
}

export interface ScrollVelocityTracker {
  record(y: number, t: number): void;
  /** Mean speed (px/s, never negative) over the `windowMs` ending at `t`. */
  speed(t: number): number;
}

export interface ScrollVelocityOptions {
  /** Short enough to see a fling start within a few frames, long enough to span several scroll events. */
  windowMs?: number;
}

export const DEFAULT_VELOCITY_WINDOW_MS = 100;

/**
 * Speed is the displacement over the last `windowMs` divided by `windowMs`, the position being held
 * between events. Dividing by the window rather than by the gap between two events keeps a single
 * isolated event (one wheel notch after a pause) slow, and makes one huge jump (scrollbar drag, End
 * key, programmatic scrollTo) fast, which is what the loading policy wants from both.
 */
export function createScrollVelocityTracker(options: ScrollVelocityOptions = {}): ScrollVelocityTracker {
  const windowMs = options.windowMs ?? DEFAULT_VELOCITY_WINDOW_MS;
  if (!(windowMs > 0)) throw new RangeError(`windowMs must be positive, got ${windowMs}`);
  // Sorted by time; one sample older than the window is kept as the position at its start.
  let samples: ScrollSample[] = [];

  /** Position at time t: the latest sample at or before t, or the first one if t precedes them all. */
  const positionAt = (t: number): number | undefined => {
    let found: number | undefined;
    for (const sample of samples) {
      if (sample.t > t) break;
      found = sample.y;
    }
    return found ?? samples[0]?.y;
  };

  return {
    record(y, t) {
      // Events can arrive with equal or (across clocks) slightly earlier stamps; keep the order.
      let index = samples.length;
      while (index > 0 && (samples[index - 1]?.t ?? 0) > t) index--;
      samples.splice(index, 0, { y, t });
      const horizon = (samples[samples.length - 1]?.t ?? t) - windowMs;
      let firstKept = 0;
      while ((samples[firstKept + 1]?.t ?? Number.POSITIVE_INFINITY) <= horizon) firstKept++;
      if (firstKept > 0) samples = samples.slice(firstKept);
    },
    speed(t) {
      const now = positionAt(t);
      const before = positionAt(t - windowMs);
      if (now === undefined || before === undefined) return 0;
      return (Math.abs(now - before) * 1000) / windowMs;
    },
  };
}

export interface FlingRules {
  /** Above this speed (px/s) a scroll event belongs to a fling. */
  flingSpeed: number;
  /** A fling is over once no scroll event came for this long, at the least. */
  settleMs: number;
  /** ... and at the most, however far apart its events came (see `recordScrollEvent`). */
  maxSettleMs: number;
  /** After a fling settles, only on-screen images may start for this long. */
  quietMs: number;
}

/**
 * A pause ends a fling once it is this many times the longest gap between the fling's own events.
 * Scroll events come once a frame: 16 ms apart on a page that keeps up, 100–270 ms apart on a
 * 2-core machine mounting rows mid-fling (measured in the browser suite's wheel fling). There a
 * fixed 150 ms read each gap as a stop: the landing screen started, and was aborted at the next event.
 */
const PAUSE_OVER_GAP = 1.5;

/**
 * The current (or most recent) fling, undefined if there never was one: the time of its last
 * scroll event, and how long a pause must last to end it. A fling is a run of scroll events closer
 * together than that pause containing at least one event faster than `flingSpeed`: the slow tail of
 * a momentum scroll still belongs to it, a slow scroll after the fling has settled does not.
 */
export interface FlingState {
  last: number;
  settleMs: number;
}

export function recordScrollEvent(
  state: FlingState | undefined,
  event: { t: number; speed: number },
  rules: Pick<FlingRules, 'flingSpeed' | 'settleMs' | 'maxSettleMs'>,
): FlingState | undefined {
  if (state !== undefined && event.t - state.last < state.settleMs) {
    // Wheel and scroll events can arrive slightly out of order: the fling never moves back in time.
    const gap = Math.max(0, event.t - state.last);
    return {
      last: Math.max(state.last, event.t),
      settleMs: Math.min(rules.maxSettleMs, Math.max(state.settleMs, PAUSE_OVER_GAP * gap)),
    };
  }
  if (event.speed > rules.flingSpeed) return { last: event.t, settleMs: rules.settleMs };
  // Slow, and after the fling has settled (or with none): the visitor reads, any quiet period ends.
  return undefined;
}

export function scrollMode(
  state: FlingState | undefined,
  now: number,
  rules: Pick<FlingRules, 'quietMs'>,
): LoadMode {
  if (state === undefined) return 'normal';
  const settledAt = state.last + state.settleMs;
  if (now < settledAt) return 'flinging';
  if (now < settledAt + rules.quietMs) return 'settling';
  return 'normal';
}

/** When `scrollMode` will next change on its own (without a scroll event), if it will. */
export function scrollModeChangesAt(
  state: FlingState | undefined,
  now: number,
  rules: Pick<FlingRules, 'quietMs'>,
): number | undefined {
  if (state === undefined) return undefined;
  const settledAt = state.last + state.settleMs;
  if (now < settledAt) return settledAt;
  if (now < settledAt + rules.quietMs) return settledAt + rules.quietMs;
  return undefined;
}
