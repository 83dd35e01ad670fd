/**
 * The browser's image loading scheduler (see docs/loading.md): images get their `src`/`srcset` from
 * here, one at a time, nearest to the viewport first, at most `maxInFlight` at once, never while the
 * visitor flings, and far-away fetches are cancelled. The policy lives in `planLoads`; this module
 * measures the page, applies the plan and follows each image's load/error events.
 *
 * Assumes the window is what scrolls (the feed uses a window virtualizer): the prefetch window, the
 * distances and the fling detection are all relative to the top-level viewport. Scroll motion (the
 * speed, what a fling is) comes from the page's one motion source (`window-motion.ts`).
 */
import { cancelFetch, hasRealSource, measure, PREFETCH_ROOT_MARGIN, showsNoRealImage } from './image-element';
import { createLandingGate } from './fling-landing';
import { type LoadCandidate, loadCandidates, type MeasuredImage, planLoads } from './plan-loads';
import { resolveOptions, type SchedulerOptions } from './scheduler-options';
import type { ImageScheduler, ObservedImage } from './scheduler-types';
import { scrollMode, scrollModeChangesAt } from './scroll-velocity';
import { getWindowMotion } from './window-motion';

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

export function createImageScheduler(options: SchedulerOptions = {}): ImageScheduler {
  const config = resolveOptions(options);
  const entries = new Map<HTMLImageElement, Entry>();
  const loaded = new Set<string>();
  const counters = { maxInFlightSeen: 0, started: 0, aborted: 0 };
  const motion = getWindowMotion();
  const quiet = { quietMs: config.quietAfterFlingMs };
  let nextId = 0;
  let destroyed = false;
  let pumpFrame: number | undefined;
  let pumpFallback: ReturnType<typeof setTimeout> | undefined;
  let wakeTimer: ReturnType<typeof setTimeout> | undefined;
  let abortTimes: number[] = [];
  const landing = createLandingGate();

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

  // Every scroll or wheel event may start a fling or move images into the window.
  const unsubscribe = motion.subscribe(() => {
    if (entries.size > 0) schedulePump();
  });
  const onResize = () => schedulePump();
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
    const fling = motion.fling();
    const { mode, confirmedAt: landingConfirmedAt } = landing(fling, scrollMode(fling, now, quiet), now);

    // Bounded work: only images in (or just leaving) the window and those loading are measured.
    const measured: MeasuredImage[] = [];
    const byId = new Map<string, Entry>();
    for (const entry of entries.values()) {
      if (entry.state !== 'loading' && !(entry.state === 'waiting' && entry.inWindow)) continue;
      const state = entry.state === 'loading' ? 'loading' : 'waiting';
      measured.push({ key: entry.id, state, ...measure(entry.img, viewportHeight) });
      byId.set(entry.id, entry);
    }
    const candidates = loadCandidates(measured, { mode, prefetch: config.prefetch });

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
      landingConfirmedAt,
      scrollModeChangesAt(fling, now, quiet) ?? Number.POSITIVE_INFINITY,
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
    stats() {
      let inFlight = 0;
      let queued = 0;
      for (const entry of entries.values()) {
        if (entry.state === 'loading') inFlight++;
        // Measured, not what the IntersectionObserver last said: right after a scroll its callback
        // may not have run yet, and an image about to start must not read as "nothing to do".
        else if (entry.state === 'waiting' && measure(entry.img, window.innerHeight).inWindow) queued++;
      }
      return { inFlight, queued, loaded: loaded.size, ...counters };
    },
    destroy() {
      if (destroyed) return;
      for (const entry of [...entries.values()]) release(entry);
      destroyed = true;
      observer.disconnect();
      unsubscribe();
      window.removeEventListener('resize', onResize);
      if (pumpFrame !== undefined) cancelAnimationFrame(pumpFrame);
      clearTimeout(pumpFallback);
      clearTimeout(wakeTimer);
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
