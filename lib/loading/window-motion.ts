/**
 * The window's scroll motion (`scroll-motion.ts`) bound to the DOM: the page's only window scroll
 * and wheel listeners. The image scheduler, the page prefetcher and the scroll anchor subscribe to
 * it rather than listening themselves, so they all read one speed and one notion of a fling.
 */
import type { FlingState } from './scroll-velocity';
import { createScrollMotion } from './scroll-motion';

export interface MotionEvent {
  kind: 'scroll' | 'wheel';
  /** The event's time stamp (performance.now() clock). */
  t: number;
}

export interface WindowMotion {
  /** Called after every window scroll or wheel event has been measured; returns the unsubscribe. */
  subscribe(listener: (event: MotionEvent) => void): () => void;
  /** Speed (px/s) at `now` (see `ScrollMotion.speed`). */
  speed(now: number): number;
  fling(): FlingState | undefined;
  flinging(now: number): boolean;
}

declare global {
  interface Window {
    /** The page's motion source, kept on `window` so a module evaluated twice (HMR) shares it. */
    __vitrineMotion?: WindowMotion;
  }
}

/** The page's one motion source, created (and its listeners added) on first use; browser only. */
export function getWindowMotion(): WindowMotion {
  if (typeof window === 'undefined') throw new Error('getWindowMotion() runs in the browser only');
  window.__vitrineMotion ??= createWindowMotion();
  return window.__vitrineMotion;
}

function createWindowMotion(): WindowMotion {
  const motion = createScrollMotion({ y: window.scrollY, t: performance.now() });
  const listeners = new Set<(event: MotionEvent) => void>();
  const stampOf = (event: Event) => (event.timeStamp > 0 ? event.timeStamp : performance.now());
  const notify = (event: MotionEvent) => {
    // A copy: a listener may unsubscribe (an unmount) while being told.
    for (const listener of [...listeners]) listener(event);
  };
  window.addEventListener(
    'scroll',
    (event) => {
      const t = stampOf(event);
      motion.scroll(window.scrollY, t, window.innerHeight);
      notify({ kind: 'scroll', t });
    },
    { passive: true },
  );
  window.addEventListener(
    'wheel',
    (event) => {
      const t = stampOf(event);
      motion.wheel(event.deltaY, event.deltaMode, t, window.innerHeight);
      notify({ kind: 'wheel', t });
    },
    { passive: true },
  );
  return {
    subscribe(listener) {
      // Wrapped, so the same function subscribed twice is two subscriptions with their own unsubscribe.
      const entry = (event: MotionEvent) => listener(event);
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
      };
    },
    speed: (now) => motion.speed(now),
    fling: () => motion.fling(),
    flinging: (now) => motion.flinging(now),
  };
}
