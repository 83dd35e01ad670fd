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
  quietAfterFlingMs: number;
}

export interface FlingWatcher {
  /** Feed it every window scroll event. */
  onScroll(event: Event): void;
  /** What the visitor is doing at `now` (performance.now() time). */
  mode(now: number): LoadMode;
  /** When `mode` will change by itself (a fling settling, the quiet period ending), if it will. */
  changesAt(now: number): number | undefined;
}

/** The window's scroll speed turned into the scheduler's load modes (rules in scroll-velocity.ts). */
export function createFlingWatcher(options: FlingWatcherOptions): FlingWatcher {
  const velocity = createScrollVelocityTracker();
  const rules = { settleMs: options.settleMs, quietMs: options.quietAfterFlingMs };
  let fling: FlingState;
  // Without a baseline the first scroll event would have nothing to be measured against.
  velocity.record(window.scrollY, performance.now());
  return {
    onScroll(event) {
      const t = event.timeStamp > 0 ? event.timeStamp : performance.now();
      velocity.record(window.scrollY, t);
      fling = recordScrollEvent(
        fling,
        { t, speed: velocity.speed(t) },
        { flingSpeed: options.flingViewportsPerSecond * window.innerHeight, settleMs: options.settleMs },
      );
    },
    mode: (now) => scrollMode(fling, now, rules),
    changesAt: (now) => scrollModeChangesAt(fling, now, rules),
  };
}
