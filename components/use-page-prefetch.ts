'use client';

import { useEffect, useRef } from 'react';
import type { PageLatency } from '@/lib/loading/page-latency';
import { getWindowMotion } from '@/lib/loading/window-motion';

/** Below this, pages are asked for by distance alone: two screens of rows stay ahead. */
const MIN_SCREENS_AHEAD = 2;
/** Ask this many page latencies before the visitor would reach the end of the rows. */
const LATENCIES_AHEAD = 3;

interface PagePrefetchOptions {
  /** False while a page is on its way, at the end of the feed, or after an error. */
  canFetch: boolean;
  /** Document offset (px) where the loaded rows end. */
  rowsEnd: number;
  /** How long a page takes to arrive (the feed query measures it). */
  latency: PageLatency;
  fetchMore: (large: boolean) => unknown;
}

/**
 * Asks for the next page by time-to-reach, not by distance: at the visitor's speed (the page's motion
 * source: scroll events, and wheel events, which keep coming when a fling is held at the end of the
 * rows) the rows left below last some time; the next page is asked for once that is within a few
 * page latencies, and in the largest size while the visitor flings. A fling thus rarely reaches the
 * end of the loaded rows.
 */
export function usePagePrefetch({ canFetch, rowsEnd, latency, fetchMore }: PagePrefetchOptions): void {
  const latest = useRef({ canFetch, rowsEnd, latency, fetchMore });
  latest.current = { canFetch, rowsEnd, latency, fetchMore };
  const check = useRef(() => {});

  useEffect(() => {
    const motion = getWindowMotion();
    check.current = () => {
      const { canFetch: can, rowsEnd: end, latency: pageLatency, fetchMore: more } = latest.current;
      if (!can) return;
      const now = performance.now();
      const speed = motion.speed(now);
      const remaining = end - (window.scrollY + window.innerHeight);
      const horizon = Math.max(
        MIN_SCREENS_AHEAD * window.innerHeight,
        (speed * pageLatency.current() * LATENCIES_AHEAD) / 1000,
      );
      if (remaining < horizon) more(motion.flinging(now));
    };
    return motion.subscribe(() => check.current());
  }, []);

  // A page landed, or one may be asked for again: the visitor may already be near the new end.
  useEffect(() => {
    if (canFetch) check.current();
  }, [canFetch, rowsEnd]);
}
