import { type LoadCandidate, type LoadMode, planLoads } from './plan-loads';
import {
  createScrollVelocityTracker,
  type FlingState,
  recordScrollEvent,
  scrollMode,
  scrollModeChangesAt,
} from './scroll-velocity';

/**
 * The browser's image loading scheduler (see docs/loading.md): images get their `src`/`srcset` from
 * here, one at a time, nearest to the viewport first, at most `maxInFlight` at once, never while the
 * visitor flings, and far-away fetches are cancelled. The policy lives in `planLoads`; this module
 * measures the page, applies the plan and follows each image's load/error events.
 *
 * Assumes the window is what scrolls (the feed uses a window virtualizer): the prefetch window, the
 * distances and the fling detection are all relative to the top-level viewport.
 */

export interface SchedulerOptions {
  /** Image fetches in flight at once. Default 4: below Chrome's 6 connections per host over HTTP/1.1. */
  maxInFlight?: number;
  /** A scroll faster than this many viewport heights per second is a fling. Default 2.5. */
  flingViewportsPerSecond?: number;
  /** A fling is over once no scroll event came for this long. Default 150 ms. */
  settleMs?: number;
  /**
   * After a fling, only images at least half on screen start for this long, or until the visitor
   * scrolls again at reading pace. Default 2000 ms.
   */
  quietAfterFlingMs?: number;
  /** A fetch in flight for an image further than this many viewport heights away is cancelled. Default 2. */
  abortViewports?: number;
}

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
  isLoaded(key: string): boolean;
  stats(): SchedulerStats;
  /** Stops everything: cancels fetches in flight, forgets every image, removes its listeners. */
  destroy(): void;
}

/** Smallest valid image: swapping it in makes Chromium drop the pending fetch, without a request. */
export const ABORT_SRC = 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';

/** top right bottom left, in % of the viewport: half a viewport behind (above), one ahead (below). */
export const PREFETCH_ROOT_MARGIN = '50% 0px 100% 0px';
const WINDOW_ABOVE_VIEWPORTS = 0.5;
const WINDOW_BELOW_VIEWPORTS = 1;

export const SCHEDULER_DEFAULTS: Readonly<Required<SchedulerOptions>> = Object.freeze({
  maxInFlight: 4,
  flingViewportsPerSecond: 2.5,
  settleMs: 150,
  quietAfterFlingMs: 2000,
  abortViewports: 2,
});

/** rAF does not run in background tabs; completions there still need to start the next fetch. */
const PUMP_FALLBACK_MS = 250;

/**
 * Chromium closes a cancelled fetch's connection asynchronously (a task, then the network process),
 * so a slot freed by an abort is reused only after this long: the cap must hold on the wire, not
 * only in our books. Aborts are rare outside flings, which wait longer than this anyway.
 */
export const ABORT_HOLD_MS = 100;

type EntryState = 'waiting' | 'loading' | 'cached' | 'done';

interface Entry {
  id: string;
  img: HTMLImageElement;
  image: ObservedImage;
  /** waiting → loading → done, or cached → done for keys loaded earlier (not counted in flight). */
  state: EntryState;
  /** What the IntersectionObserver last said; the geometry measured in `pump` has the final word. */
  inWindow: boolean;
  /** Bumped when `observe` is called again for the same element, so an older unobserve is a no-op. */
  registration: number;
  detach: () => void;
}

function resolveOptions(options: SchedulerOptions): Required<SchedulerOptions> {
  const resolved = { ...SCHEDULER_DEFAULTS, ...stripUndefined(options) };
  if (!Number.isInteger(resolved.maxInFlight) || resolved.maxInFlight < 1) {
    throw new RangeError(`maxInFlight must be a positive integer, got ${resolved.maxInFlight}`);
  }
  if (!(resolved.flingViewportsPerSecond > 0)) {
    throw new RangeError(`flingViewportsPerSecond must be positive, got ${resolved.flingViewportsPerSecond}`);
  }
  // Closer than the window's far edge, an image could be started and aborted on every frame.
  if (!(resolved.abortViewports >= WINDOW_BELOW_VIEWPORTS)) {
    throw new RangeError(
      `abortViewports must be at least ${WINDOW_BELOW_VIEWPORTS}, got ${resolved.abortViewports}`,
    );
  }
  for (const name of ['settleMs', 'quietAfterFlingMs'] as const) {
    if (!(resolved[name] >= 0)) throw new RangeError(`${name} must not be negative, got ${resolved[name]}`);
  }
  return resolved;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Whether the element carries a URL of its own: a server-rendered image unobserved in flight (React
 * StrictMode's effect replay does exactly that) holds the abort placeholder, and must be queued, not
 * taken for a finished image.
 */
function hasRealSource(img: HTMLImageElement): boolean {
  const src = img.getAttribute('src');
  return Boolean(img.getAttribute('srcset')) || (Boolean(src) && src !== ABORT_SRC);
}

/** The abort placeholder's own load event, or an element that never got a URL. */
function showsNoRealImage(img: HTMLImageElement): boolean {
  return img.currentSrc === '' || img.currentSrc === ABORT_SRC;
}

/**
 * Cancelling with `src=""` is not safe (it can request the page's own URL, and fires `error`).
 * Removing srcset/sizes and swapping in an inline image leaves the pending fetch with no client,
 * and Chromium cancels such a fetch; both mutations land before the image update microtask runs.
 */
function cancelFetch(img: HTMLImageElement): void {
  img.removeAttribute('srcset');
  img.removeAttribute('sizes');
  img.src = ABORT_SRC;
}

/** Below half its height on screen, a card is a sliver: right after a fling it waits. */
const SLIVER_FRACTION = 0.5;

function measure(
  img: HTMLImageElement,
  viewportHeight: number,
): { distance: number; inWindow: boolean; sliver: boolean } {
  if (!img.isConnected) return { distance: Number.POSITIVE_INFINITY, inWindow: false, sliver: false };
  const box = img.getBoundingClientRect();
  const distance = box.bottom <= 0 ? -box.bottom : box.top >= viewportHeight ? box.top - viewportHeight : 0;
  const inWindow =
    box.bottom >= -WINDOW_ABOVE_VIEWPORTS * viewportHeight &&
    box.top <= viewportHeight * (1 + WINDOW_BELOW_VIEWPORTS);
  const onScreen = Math.max(0, Math.min(box.bottom, viewportHeight) - Math.max(box.top, 0));
  return { distance, inWindow, sliver: distance === 0 && onScreen < SLIVER_FRACTION * box.height };
}

export function createImageScheduler(options: SchedulerOptions = {}): ImageScheduler {
  const config = resolveOptions(options);
  const entries = new Map<HTMLImageElement, Entry>();
  const loaded = new Set<string>();
  const counters = { maxInFlightSeen: 0, started: 0, aborted: 0 };
  const velocity = createScrollVelocityTracker();
  let fling: FlingState;
  let nextId = 0;
  let destroyed = false;
  let pumpFrame: number | undefined;
  let pumpFallback: ReturnType<typeof setTimeout> | undefined;
  let wakeTimer: ReturnType<typeof setTimeout> | undefined;
  let abortTimes: number[] = [];

  // Without a baseline the first scroll event would have nothing to be measured against.
  velocity.record(window.scrollY, performance.now());

  const observer = new IntersectionObserver(
    (records) => {
      for (const record of records) {
        const entry = entries.get(record.target as HTMLImageElement);
        if (entry) entry.inWindow = record.isIntersecting;
      }
      schedulePump();
    },
    { rootMargin: PREFETCH_ROOT_MARGIN },
  );

  const onScroll = (event: Event) => {
    const t = event.timeStamp > 0 ? event.timeStamp : performance.now();
    velocity.record(window.scrollY, t);
    fling = recordScrollEvent(
      fling,
      { t, speed: velocity.speed(t) },
      { flingSpeed: config.flingViewportsPerSecond * window.innerHeight, settleMs: config.settleMs },
    );
    if (entries.size > 0) schedulePump();
  };
  const onResize = () => schedulePump();
  window.addEventListener('scroll', onScroll, { passive: true });
  window.addEventListener('resize', onResize, { passive: true });

  function inFlightCount(): number {
    let count = 0;
    for (const entry of entries.values()) if (entry.state === 'loading') count++;
    return count;
  }

  function schedulePump(): void {
    if (destroyed || pumpFrame !== undefined) return;
    pumpFrame = requestAnimationFrame(runPump);
    pumpFallback = setTimeout(runPump, PUMP_FALLBACK_MS);
  }

  function runPump(): void {
    if (pumpFrame !== undefined) cancelAnimationFrame(pumpFrame);
    clearTimeout(pumpFallback);
    pumpFrame = undefined;
    pumpFallback = undefined;
    if (!destroyed) pump();
  }

  function pump(): void {
    const now = performance.now();
    const viewportHeight = window.innerHeight;
    const rules = { settleMs: config.settleMs, quietMs: config.quietAfterFlingMs };
    const mode: LoadMode = scrollMode(fling, now, rules);

    // Bounded work: only images in (or just leaving) the window and those loading are measured.
    const candidates: LoadCandidate[] = [];
    const byId = new Map<string, Entry>();
    for (const entry of entries.values()) {
      if (entry.state !== 'loading' && !(entry.state === 'waiting' && entry.inWindow)) continue;
      const { distance, inWindow, sliver } = measure(entry.img, viewportHeight);
      // Right after a fling a sliver at the edge counts as off screen: it waits with the prefetch window.
      const effective = mode === 'settling' && sliver ? 1 : distance;
      candidates.push({ key: entry.id, distance: effective, inWindow, state: entry.state });
      byId.set(entry.id, entry);
    }

    const plan = (list: readonly LoadCandidate[]) =>
      planLoads(list, {
        maxInFlight: Math.max(0, config.maxInFlight - heldSlots(now)),
        mode,
        abortDistance: config.abortViewports * viewportHeight,
      });
    let result = plan(candidates);
    if (result.abort.length > 0) {
      const aborted = new Set(result.abort);
      for (const id of aborted) {
        const entry = byId.get(id);
        if (entry) abort(entry, now);
      }
      // Plan again, now that the aborted slots are held rather than free.
      result = plan(
        candidates.map((candidate) =>
          aborted.has(candidate.key)
            ? { ...candidate, state: 'waiting' as const, inWindow: false }
            : candidate,
        ),
      );
    }
    // Dropped entries need no action: the queue is rebuilt from the window on every pump, so they
    // are skipped until they are back in the window.
    for (const id of result.start) {
      const entry = byId.get(id);
      if (entry) start(entry);
    }

    clearTimeout(wakeTimer);
    wakeTimer = undefined;
    const wakeAt = Math.min(
      scrollModeChangesAt(fling, now, rules) ?? Number.POSITIVE_INFINITY,
      abortTimes.length > 0 ? Math.min(...abortTimes) + ABORT_HOLD_MS : Number.POSITIVE_INFINITY,
    );
    if (wakeAt !== Number.POSITIVE_INFINITY) {
      wakeTimer = setTimeout(schedulePump, Math.max(0, wakeAt - now) + 1);
    }
  }

  function heldSlots(now: number): number {
    abortTimes = abortTimes.filter((time) => now - time < ABORT_HOLD_MS);
    return abortTimes.length;
  }

  function abort(entry: Entry, now: number): void {
    entry.state = 'waiting';
    cancelFetch(entry.img);
    counters.aborted++;
    abortTimes.push(now);
  }

  function start(entry: Entry): void {
    entry.state = 'loading';
    counters.started++;
    counters.maxInFlightSeen = Math.max(counters.maxInFlightSeen, inFlightCount());
    try {
      entry.image.apply(entry.img);
    } catch (error) {
      finish(entry, false);
      reportLater(error);
    }
  }

  function finish(entry: Entry, ok: boolean): void {
    const freesSlot = entry.state === 'loading';
    entry.state = 'done';
    entry.inWindow = false;
    observer.unobserve(entry.img);
    if (ok) {
      loaded.add(entry.image.key);
      const { img } = entry;
      img
        .decode()
        .catch(() => undefined)
        .then(() => {
          if (entries.get(img) === entry) entry.image.onLoaded?.();
        });
    } else {
      entry.image.onError?.();
    }
    if (freesSlot) schedulePump();
  }

  function release(entry: Entry): void {
    entries.delete(entry.img);
    observer.unobserve(entry.img);
    entry.detach();
    if (entry.state === 'loading') {
      abort(entry, performance.now());
      schedulePump();
    }
    entry.state = 'done';
  }

  function track(img: HTMLImageElement, image: ObservedImage): Entry {
    const entry: Entry = {
      id: String(++nextId),
      img,
      image,
      state: 'waiting',
      inWindow: false,
      registration: 0,
      detach: () => {},
    };
    const onLoad = () => {
      if ((entry.state === 'loading' || entry.state === 'cached') && !showsNoRealImage(img)) {
        finish(entry, true);
      }
    };
    const onError = () => {
      if ((entry.state === 'loading' || entry.state === 'cached') && !showsNoRealImage(img)) {
        finish(entry, false);
      }
    };
    img.addEventListener('load', onLoad);
    img.addEventListener('error', onError);
    entry.detach = () => {
      img.removeEventListener('load', onLoad);
      img.removeEventListener('error', onError);
    };
    entries.set(img, entry);
    return entry;
  }

  function observe(img: HTMLImageElement, image: ObservedImage): () => void {
    if (destroyed) throw new Error('observe() on a destroyed image scheduler');
    let entry = entries.get(img);
    if (entry && entry.image.key === image.key) {
      // Same element, same image (a re-render with new callbacks): keep its fetch and its place.
      entry.image = image;
    } else {
      if (entry) release(entry);
      entry = track(img, image);
      if (loaded.has(image.key)) {
        // The HTTP cache (immutable) or the service worker answers; nothing to schedule or count.
        entry.state = 'cached';
        image.apply(img);
        if (img.complete && img.naturalWidth > 0) finish(entry, true);
      } else if (image.started && hasRealSource(img)) {
        if (img.complete) {
          // Finished before hydration: its load/error event has already fired.
          finish(entry, img.naturalWidth > 0);
        } else {
          entry.state = 'loading';
          counters.maxInFlightSeen = Math.max(counters.maxInFlightSeen, inFlightCount());
          observer.observe(img);
        }
      } else {
        observer.observe(img);
      }
    }
    const registered = entry;
    const registration = ++registered.registration;
    return () => {
      if (entries.get(img) === registered && registered.registration === registration) release(registered);
    };
  }

  const scheduler: ImageScheduler = {
    observe,
    isLoaded: (key) => loaded.has(key),
    stats() {
      let inFlight = 0;
      let queued = 0;
      for (const entry of entries.values()) {
        if (entry.state === 'loading') inFlight++;
        else if (entry.state === 'waiting' && entry.inWindow) queued++;
      }
      return { inFlight, queued, loaded: loaded.size, ...counters };
    },
    destroy() {
      if (destroyed) return;
      for (const entry of [...entries.values()]) release(entry);
      destroyed = true;
      observer.disconnect();
      window.removeEventListener('scroll', onScroll);
      window.removeEventListener('resize', onResize);
      if (pumpFrame !== undefined) cancelAnimationFrame(pumpFrame);
      clearTimeout(pumpFallback);
      clearTimeout(wakeTimer);
      if (window.__vitrineScheduler === scheduler) window.__vitrineScheduler = undefined;
    },
  };
  return scheduler;
}

/** An exception thrown by `apply` must not break the scheduler's loop, but must not vanish either. */
function reportLater(error: unknown): void {
  setTimeout(() => {
    throw error;
  });
}

declare global {
  interface Window {
    /** The page's scheduler, for the browser tests and for poking at `stats()` in devtools. */
    __vitrineScheduler?: ImageScheduler;
  }
}

/**
 * The page-wide scheduler (one cap for the whole page, however many feeds or components ask),
 * created on first use. Kept on `window` rather than in a module variable so a module evaluated
 * twice (HMR, duplicated chunks) still finds the same one. `options` only count on creation.
 */
export function getImageScheduler(options?: SchedulerOptions): ImageScheduler {
  if (typeof window === 'undefined') throw new Error('getImageScheduler() runs in the browser only');
  window.__vitrineScheduler ??= createImageScheduler(options);
  return window.__vitrineScheduler;
}
