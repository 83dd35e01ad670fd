'use client';

import { useEffect, useRef } from 'react';
import { feedPageLatency } from './use-feed-query';

/** Below this, pages are asked for by distance alone: two screens of rows stay ahead. */
const MIN_SCREENS_AHEAD = 2;
/** Ask this many page latencies before the visitor would reach the end of the rows. */
const LATENCIES_AHEAD = 3;
/** Faster than this (screens per second) the visitor flings: pages come in the largest size. */
const FLING_SCREENS_PER_SECOND = 2.5;
/** Without a scroll or wheel event for this long, the visitor is taken to have stopped. */
const STILL_MS = 200;

interface PagePrefetchOptions {
  /** False while a page is on its way, at the end of the feed, or after an error. */
  canFetch: boolean;
  /** Document offset (px) where the loaded rows end. */
  rowsEnd: number;
  fetchMore: (large: boolean) => unknown;
}

/**
 * Asks for the next page by time-to-reach, not by distance: at the visitor's speed (scroll events,
 * and wheel events, which keep coming when a fling is held at the end of the rows) the rows left
 * below last some time; the next page is asked for once that is within a few page latencies, and in
 * the largest size while the visitor flings. A fling thus rarely reaches the end of the loaded rows.
 */
export function usePagePrefetch({ canFetch, rowsEnd, fetchMore }: PagePrefetchOptions): void {
  const latest = useRef({ canFetch, rowsEnd, fetchMore });
  latest.current = { canFetch, rowsEnd, fetchMore };
  const check = useRef(() => {});

  useEffect(() => {
    let lastY = window.scrollY;
    // Scrolling and wheeling are measured apart: one wheel step moves the page a few ms later, and
    // pairing the two would read as a jump.
    const scrolling = createSpeedMeter();
    const wheeling = createSpeedMeter();
    check.current = () => {
      const { canFetch: can, rowsEnd: end, fetchMore: more } = latest.current;
      if (!can) return;
      const now = performance.now();
      const speed = Math.max(scrolling.speed(now), wheeling.speed(now));
      const remaining = end - (window.scrollY + window.innerHeight);
      const horizon = Math.max(
        MIN_SCREENS_AHEAD * window.innerHeight,
        (speed * feedPageLatency() * LATENCIES_AHEAD) / 1000,
      );
      if (remaining < horizon) more(speed > FLING_SCREENS_PER_SECOND * window.innerHeight);
    };
    const onScroll = () => {
      const y = window.scrollY;
      scrolling.record(y - lastY, performance.now());
      lastY = y;
      check.current();
    };
    const onWheel = (event: WheelEvent) => {
      if (event.deltaY <= 0) return;
      const unit = event.deltaMode === 1 ? 40 : event.deltaMode === 2 ? window.innerHeight : 1;
      wheeling.record(event.deltaY * unit, performance.now());
      check.current();
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    window.addEventListener('wheel', onWheel, { passive: true });
    return () => {
      window.removeEventListener('scroll', onScroll);
      window.removeEventListener('wheel', onWheel);
    };
  }, []);

  // A page landed, or one may be asked for again: the visitor may already be near the new end.
  useEffect(() => {
    if (canFetch) check.current();
  }, [canFetch, rowsEnd]);
}

/** Speed (px/s) from successive movements: quick to rise (a fling starts at once), slower to fall. */
function createSpeedMeter() {
  let last = performance.now();
  let speed = 0;
  return {
    record(distance: number, t: number) {
      const current = (Math.abs(distance) * 1000) / Math.max(1, t - last);
      speed = current > speed ? current : 0.7 * speed + 0.3 * current;
      last = t;
    },
    speed: (now: number) => (now - last < STILL_MS ? speed : 0),
  };
}
