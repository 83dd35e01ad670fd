/** The scheduler's public shapes: what a component hands it, what it reports. */

export interface ObservedImage {
  /** Identifies the image bytes (e.g. the storage path); a loaded key is never queued again. */
  key: string;
  /** Sets `sizes`, `srcset` and `src` (in that order, so the browser picks from the srcset once). */
  apply: (img: HTMLImageElement) => void;
  /** The HTML parser already requested it (server-rendered above the fold): count it, don't start it. */
  started?: boolean;
  /** After `load` and `decode()`: the moment to fade the image in. */
  onLoaded?: () => void;
  /** The fetch failed (no retry; a later `observe` of the same key tries again). */
  onError?: () => void;
}

export interface SchedulerStats {
  /** Fetches the scheduler counts as running now (started by it, or server-rendered and not done). */
  inFlight: number;
  /** Waiting images inside the prefetch window. */
  queued: number;
  /** Keys loaded since the page opened. */
  loaded: number;
  maxInFlightSeen: number;
  /** Fetches this scheduler started (server-rendered ones are not included). */
  started: number;
  /** Fetches cancelled: scrolled beyond the abort distance, or unobserved while loading. */
  aborted: number;
}

export interface ImageScheduler {
  /** Starts tracking `img`; returns the function that stops it (and cancels its fetch if in flight). */
  observe(img: HTMLImageElement, image: ObservedImage): () => void;
  stats(): SchedulerStats;
  /** Stops everything: cancels fetches in flight, forgets every image, drops its listeners and subscription. */
  destroy(): void;
}
