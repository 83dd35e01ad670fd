import { createImageScheduler } from './image-scheduler';
import { savesData } from './save-data';
import type { SchedulerOptions } from './scheduler-options';
import type { ImageScheduler } from './scheduler-types';

declare global {
  interface Window {
    /** The page's scheduler, for the browser tests and for poking at `stats()` in devtools. */
    __vitrineScheduler?: ImageScheduler;
  }
}

/**
 * The page-wide scheduler (one cap for the whole page, however many feeds or components ask),
 * created on first use. Kept on `window` rather than in a module variable so a module evaluated
 * twice (HMR, duplicated chunks) still finds the same one. `options` only count on creation; a visitor who saves data gets no prefetch ring.
 */
export function getImageScheduler(options?: SchedulerOptions): ImageScheduler {
  if (typeof window === 'undefined') throw new Error('getImageScheduler() runs in the browser only');
  window.__vitrineScheduler ??= createImageScheduler({ prefetch: !savesData(), ...options });
  return window.__vitrineScheduler;
}
