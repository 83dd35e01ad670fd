/**
 * The scheduler's whole policy, as one pure function: given where every tracked image is and what
 * the visitor is doing, which fetches start, which are aborted, which queued ones are forgotten.
 * Kept free of the DOM so every rule is pinned by a table test; `image-scheduler.ts` only measures
 * and applies.
 */

export type LoadState = 'waiting' | 'loading';

export interface LoadCandidate {
  key: string;
  /** 0 when the box intersects the viewport, else the pixels between the box and the viewport edge. */
  distance: number;
  /** Inside the prefetch window (the viewport plus its margins). */
  inWindow: boolean;
  state: LoadState;
}

/**
 * `flinging`: the visitor is scrolling too fast for anything to be worth starting.
 * `settling`: a fling just stopped; only what is on screen may start.
 */
export type LoadMode = 'normal' | 'flinging' | 'settling';

export interface PlanContext {
  maxInFlight: number;
  mode: LoadMode;
  /** A fetch in flight for a box further than this (px) from the viewport is cancelled. */
  abortDistance: number;
}

export interface LoadPlan {
  /** Waiting keys to start now, nearest first. */
  start: string[];
  /** Loading keys to cancel; they go back to waiting. */
  abort: string[];
  /** Waiting keys that left the window before they started. */
  drop: string[];
}

export function planLoads(candidates: readonly LoadCandidate[], context: PlanContext): LoadPlan {
  const plan: LoadPlan = { start: [], abort: [], drop: [] };
  const startable: LoadCandidate[] = [];
  let inFlight = 0;

  for (const candidate of candidates) {
    // NaN would poison the sort and every comparison; an unmeasurable box is as far as it gets.
    const distance = Number.isNaN(candidate.distance) ? Number.POSITIVE_INFINITY : candidate.distance;
    if (candidate.state === 'loading') {
      if (distance > context.abortDistance) plan.abort.push(candidate.key);
      else inFlight++;
    } else if (!candidate.inWindow) {
      plan.drop.push(candidate.key);
    } else if (context.mode === 'normal' || (context.mode === 'settling' && distance === 0)) {
      startable.push(distance === candidate.distance ? candidate : { ...candidate, distance });
    }
  }

  // Array.prototype.sort is stable, so equal distances keep the caller's (document) order.
  startable.sort((a, b) => (a.distance === b.distance ? 0 : a.distance - b.distance));
  for (const candidate of startable) {
    if (inFlight >= context.maxInFlight) break;
    plan.start.push(candidate.key);
    inFlight++;
  }
  return plan;
}

/** An image as the scheduler measured it (image-element.ts, `measure`). */
export interface MeasuredImage {
  key: string;
  state: LoadState;
  distance: number;
  inWindow: boolean;
  /** On screen, but less than half of it. */
  sliver: boolean;
}

/**
 * What `planLoads` weighs, from what was measured. Right after a fling (`settling`) a sliver at the
 * screen's edge counts as off screen until every card at least half on screen has started: then the
 * landing screen's slivers are its own images, not a prefetch. Without prefetch (Save-Data) the
 * window is the viewport itself.
 */
export function loadCandidates(
  measured: readonly MeasuredImage[],
  context: { mode: LoadMode; prefetch: boolean },
): LoadCandidate[] {
  const holdSlivers =
    context.mode === 'settling' &&
    measured.some((image) => image.state === 'waiting' && image.distance === 0 && !image.sliver);
  return measured.map(({ key, state, distance, inWindow, sliver }) => ({
    key,
    state,
    distance: holdSlivers && sliver ? 1 : distance,
    inWindow: context.prefetch ? inWindow : inWindow && distance === 0,
  }));
}
