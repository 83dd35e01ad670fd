/**
 * How long a feed page takes to arrive, as a moving average: the page prefetcher asks that many
 * milliseconds (times a few) ahead of the visitor, so the rows are there before they are reached.
 * One per feed, created by the component that owns both the fetching and the prefetching.
 */

/** A guess before any page was measured: a warm API answer over a fast network, with room to spare. */
export const INITIAL_PAGE_LATENCY_MS = 300;
/** Weight of the newest measurement: a slower network shows within 2–3 pages, one spike fades. */
const NEWEST_WEIGHT = 0.3;

export interface PageLatency {
  /** One page's measured time (ms); a negative or non-finite time (a clock glitch) is ignored. */
  record(ms: number): void;
  /** The current estimate (ms). */
  current(): number;
}

export function createPageLatency(initialMs = INITIAL_PAGE_LATENCY_MS): PageLatency {
  let estimate = initialMs;
  return {
    record(ms) {
      if (!(ms >= 0) || ms === Number.POSITIVE_INFINITY) return;
      estimate = (1 - NEWEST_WEIGHT) * estimate + NEWEST_WEIGHT * ms;
    },
    current: () => estimate,
  };
}
