/**
 * The page's scroll motion, pure: what the window's scroll and wheel events say about the visitor's
 * speed, and whether they fling. The one place that decides what a fling is; the image scheduler
 * (load modes) and the page prefetcher (time-to-reach, large pages) both read it through the window
 * binding (`window-motion.ts`). Times are the events' `timeStamp` (the clock of `performance.now()`).
 * The rules behind each number are in docs/loading.md.
 */
import {
  createScrollVelocityTracker,
  type FlingState,
  recordScrollEvent,
  scrollMode,
} from './scroll-velocity';

/** Faster than this many viewport heights per second, the visitor flings. */
export const FLING_VIEWPORTS_PER_SECOND = 2.5;
/** A fling is over once no event came for this long, at the least ... */
export const FLING_SETTLE_MS = 150;
/** ... and at the most, however far apart its events came (the rhythm rule in `recordScrollEvent`). */
export const FLING_MAX_SETTLE_MS = 400;
/** A wheel "line" (`deltaMode` 1, Firefox with some mice): the pixels browsers scroll for one. */
export const WHEEL_LINE_PX = 40;

/** How far a wheel event asks to move (px, never negative), whatever unit the device reports in. */
export function wheelPixels(deltaY: number, deltaMode: number, viewportHeight: number): number {
  const unit = deltaMode === 1 ? WHEEL_LINE_PX : deltaMode === 2 ? viewportHeight : 1;
  return Math.abs(deltaY) * unit;
}

export interface ScrollMotion {
  /** A scroll event: the window's position `y` at `t`. */
  scroll(y: number, t: number, viewportHeight: number): void;
  /**
   * A wheel event. A wheel fling held at the end of the loaded rows moves nothing, so it sends no
   * scroll event, but the visitor is still flinging: wheel travel is measured on its own.
   */
  wheel(deltaY: number, deltaMode: number, t: number, viewportHeight: number): void;
  /**
   * Speed (px/s) at `t`: the faster of the scroll and the wheel, each the mean over the last 100 ms.
   * While a fling lasts, never less than at its last event: on a page drawing few frames its events
   * come further apart than 100 ms, and the visitor has not slowed down in between.
   */
  speed(t: number): number;
  /** The current or most recent fling (undefined if none, or once a slow scroll ended it). */
  fling(): FlingState | undefined;
  /** Whether a fling is under way at `t` (its settle pause has not passed). */
  flinging(t: number): boolean;
}

/** `start`: the window's position when measuring begins, so the first event has a baseline. */
export function createScrollMotion(start: { y: number; t: number }): ScrollMotion {
  // Scrolling and wheeling are measured apart: one wheel step moves the page a few ms later, and
  // pairing the two would read as a jump.
  const scrolling = createScrollVelocityTracker();
  const wheeling = createScrollVelocityTracker();
  let wheelTravel = 0;
  let state: FlingState | undefined;
  scrolling.record(start.y, start.t);
  wheeling.record(wheelTravel, start.t);

  const record = (t: number, speed: number, viewportHeight: number) => {
    state = recordScrollEvent(
      state,
      { t, speed },
      {
        flingSpeed: FLING_VIEWPORTS_PER_SECOND * viewportHeight,
        settleMs: FLING_SETTLE_MS,
        maxSettleMs: FLING_MAX_SETTLE_MS,
      },
    );
  };

  const measured = (t: number) => Math.max(scrolling.speed(t), wheeling.speed(t));
  const flinging = (t: number) => scrollMode(state, t, { quietMs: 0 }) === 'flinging';

  return {
    scroll(y, t, viewportHeight) {
      scrolling.record(y, t);
      record(t, scrolling.speed(t), viewportHeight);
    },
    wheel(deltaY, deltaMode, t, viewportHeight) {
      wheelTravel += wheelPixels(deltaY, deltaMode, viewportHeight);
      wheeling.record(wheelTravel, t);
      record(t, wheeling.speed(t), viewportHeight);
    },
    speed(t) {
      const now = measured(t);
      return state !== undefined && flinging(t) ? Math.max(now, measured(state.last)) : now;
    },
    fling: () => state,
    flinging,
  };
}
