/**
 * What a one-finger gesture in the detail dialog means: a horizontal swipe moves through the feed
 * (leftwards = the next generation), a swipe down closes, anything shorter, slower or diagonal is a
 * tap or a scroll and means nothing. A swipe down that starts on the scrolling details panel is that
 * panel's scroll, never a close.
 */
export type DetailSwipe = 'next' | 'previous' | 'close' | null;

/** A swipe travels at least this far (CSS px), within this time (ms)… */
export const SWIPE_MIN_PX = 60;
export const SWIPE_MAX_MS = 600;
/** …and mostly along one axis: its main movement is at least this many times the other. */
const DOMINANCE = 1.5;

export interface SwipeInput {
  dx: number;
  dy: number;
  ms: number;
  /** The touch began on the details panel, which scrolls vertically. */
  onScrollingPanel: boolean;
}

export function classifyDetailSwipe({ dx, dy, ms, onScrollingPanel }: SwipeInput): DetailSwipe {
  if (ms > SWIPE_MAX_MS) return null;
  if (Math.abs(dx) > SWIPE_MIN_PX && Math.abs(dx) > DOMINANCE * Math.abs(dy))
    return dx < 0 ? 'next' : 'previous';
  if (!onScrollingPanel && dy > SWIPE_MIN_PX && dy > DOMINANCE * Math.abs(dx)) return 'close';
  return null;
}

/**
 * Whether a touch moving by (dx, dy) so far is one of the dialog's gestures, so the browser must not
 * also scroll, fling or pull-to-refresh with it: horizontal movement anywhere, downward movement
 * outside the scrolling panel.
 */
export function claimsTouchMove(dx: number, dy: number, onScrollingPanel: boolean): boolean {
  if (Math.abs(dx) > Math.abs(dy)) return true;
  return !onScrollingPanel && dy > 0;
}
