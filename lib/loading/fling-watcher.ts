import type { LoadMode } from './plan-loads';
import {
  createScrollVelocityTracker,
  type FlingState,
  recordScrollEvent,
  scrollMode,
  scrollModeChangesAt,
} from './scroll-velocity';

export interface FlingWatcherOptions {
  flingViewportsPerSecond: number;
  settleMs: number;
  maxSettleMs: number;
  quietAfterFlingMs: number;
}

export interface FlingWatcher {
  /** Feed it every window scroll event. */
  onScroll(event: Event): void;
  /**
   * And every wheel event: a wheel fling held at the end of the loaded rows moves nothing, so it
   * sends no scroll events, but the visitor is still flinging and nothing should start.
   */
  onWheel(event: WheelEvent): void;
  /** What the visitor is doing at `now` (performance.now() time). */
  mode(now: number): LoadMode;
  /** When `mode` will change by itself (a fling settling, the quiet period ending), if it will. */
  changesAt(now: number): number | undefined;
}

/** The window's scroll speed turned into the scheduler's load modes (rules in scroll-velocity.ts). */
export function createFlingWatcher(options: FlingWatcherOptions): FlingWatcher {
  const velocity = createScrollVelocityTracker();
  // Wheel travel, summed: what the visitor asks for, whether or not the page can still move.
  const wheelVelocity = createScrollVelocityTracker();
  let wheelY = 0;
  const rules = { quietMs: options.quietAfterFlingMs };
  let fling: FlingState | undefined;
  const now = performance.now();
  // Without a baseline the first event would have nothing to be measured against.
  velocity.record(window.scrollY, now);
  wheelVelocity.record(wheelY, now);
  const record = (t: number, speed: number) => {
    fling = recordScrollEvent(
      fling,
      { t, speed },
      {
        flingSpeed: options.flingViewportsPerSecond * window.innerHeight,
        settleMs: options.settleMs,
        maxSettleMs: options.maxSettleMs,
      },
    );
  };
  const stampOf = (event: Event) => (event.timeStamp > 0 ? event.timeStamp : performance.now());
  return {
    onScroll(event) {
      const t = stampOf(event);
      velocity.record(window.scrollY, t);
      record(t, velocity.speed(t));
    },
    onWheel(event) {
      const t = stampOf(event);
      const unit = event.deltaMode === 1 ? 40 : event.deltaMode === 2 ? window.innerHeight : 1;
      wheelY += Math.abs(event.deltaY) * unit;
      wheelVelocity.record(wheelY, t);
      record(t, wheelVelocity.speed(t));
    },
    mode: (now) => scrollMode(fling, now, rules),
    changesAt: (now) => scrollModeChangesAt(fling, now, rules),
  };
}
