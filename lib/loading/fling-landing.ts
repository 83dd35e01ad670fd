import type { LoadMode } from './plan-loads';
import type { FlingState } from './scroll-velocity';

/**
 * A fling is taken as over only once the page has watched its pause for this long. The pause a fling
 * ends with may have been a long task (a slow phone laying out a new page) that held the visitor's
 * next wheel events back, not the visitor stopping: the first pump after it would start the screen's
 * images while the wheel still turns. The events held back arrive within this time and resume it.
 */
export const LANDING_CONFIRM_MS = 150;

/**
 * The scheduler's view of a fling's end (docs/loading.md): `mode` as `scrollMode` says, except that
 * for LANDING_CONFIRM_MS after a pump first saw a fling over it stays `flinging`; `confirmedAt` is
 * when to look again (Infinity when nothing waits).
 */
export function createLandingGate() {
  /** The fling whose end a pump has seen (its last event's time), and when it first saw it. */
  let seen: { last: number; at: number } | undefined;
  return (
    fling: FlingState | undefined,
    mode: LoadMode,
    now: number,
  ): { mode: LoadMode; confirmedAt: number } => {
    if (mode === 'flinging' || !fling) return { mode, confirmedAt: Number.POSITIVE_INFINITY };
    if (seen?.last !== fling.last) seen = { last: fling.last, at: now };
    return now - seen.at < LANDING_CONFIRM_MS
      ? { mode: 'flinging', confirmedAt: seen.at + LANDING_CONFIRM_MS }
      : { mode, confirmedAt: Number.POSITIVE_INFINITY };
  };
}
