'use client';

import { useCallback, useEffect, useLayoutEffect, useRef } from 'react';
import type { FeedItem } from '@/lib/feed/feed-types';
import type { Layout } from '@/lib/feed/justified-layout';
import { anchorAt, type ScrollAnchor, scrollYFor } from '@/lib/feed/scroll-anchor';
import { getWindowMotion } from '@/lib/loading/window-motion';

const STORAGE_KEY = 'vitrine-feed-anchor';
/** A return visit deeper than this many pages starts at the top instead. */
const MAX_RESTORE_PAGES = 120;
let lastPopState = 0;
if (typeof window !== 'undefined') window.addEventListener('popstate', () => (lastPopState = Date.now()));

/** A reload, a back/forward to this document, or a client-side back to the feed. */
function isReturnVisit(): boolean {
  const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
  const documentReturn = navigation?.type === 'reload' || navigation?.type === 'back_forward';
  const firstMount = performance.now() < 10_000;
  return (documentReturn && firstMount) || Date.now() - lastPopState < 2_000;
}

interface ScrollAnchorOptions {
  items: readonly FeedItem[];
  layout: Layout;
  top: number;
  /** Drawn ÷ reference size of the layout. */
  scale: number;
  /** False until the feed is measured (hydration): positions mean nothing before. */
  enabled: boolean;
  /** Loads the next page; false when there is none (or it failed). */
  loadMore: () => Promise<boolean>;
  /** Which feed this is (a search's filter key; '' for the whole feed): each keeps its own anchor. */
  storageKey: string;
}

/**
 * Keeps "which image is at the top" in sessionStorage while the visitor scrolls, and on a return
 * visit loads the feed up to that image and scrolls back to it.
 */
export function useScrollAnchor({
  items,
  layout,
  top,
  scale,
  enabled,
  loadMore,
  storageKey,
}: ScrollAnchorOptions) {
  const storageName = `${STORAGE_KEY}:${storageKey}`;
  const pending = useRef<ScrollAnchor | null>(null);
  const latest = useRef({ items, layout, scale });
  latest.current = { items, layout, scale };

  /** Scrolls to the pending anchor if its item is laid out; true when done. */
  const restorePending = useCallback(() => {
    const anchor = pending.current;
    if (!anchor) return true;
    const { items: currentItems, layout: currentLayout, scale: currentScale } = latest.current;
    const y = scrollYFor(
      currentLayout,
      currentItems.map((item) => item.id),
      anchor,
      top,
      currentScale,
    );
    if (y === null) return false;
    pending.current = null;
    window.scrollTo({ top: y, behavior: 'instant' });
    return true;
  }, [top]);

  useEffect(() => {
    if (!enabled) return;
    history.scrollRestoration = 'manual';
    const saved = sessionStorage.getItem(storageName);
    if (saved && isReturnVisit()) {
      try {
        pending.current = JSON.parse(saved) as ScrollAnchor;
        // Already laid out for good: scroll now. Otherwise load pages until its row is complete;
        // the layout effect below scrolls as soon as it is.
        void (async () => {
          for (let page = 0; page < MAX_RESTORE_PAGES && !restorePending(); page++) {
            if (!(await loadMore())) break;
            await new Promise((resolve) => requestAnimationFrame(resolve));
          }
        })();
      } catch {
        sessionStorage.removeItem(storageName);
      }
    }
    let timer = 0;
    const save = () => {
      if (pending.current) return;
      const { items: currentItems, layout: currentLayout, scale: currentScale } = latest.current;
      const ids = currentItems.map((item) => item.id);
      const anchor = anchorAt(currentLayout, ids, window.scrollY, top, currentScale);
      if (anchor) sessionStorage.setItem(storageName, JSON.stringify(anchor));
    };
    // Saved once scrolling pauses; wheel events that move nothing change no anchor.
    const unsubscribe = getWindowMotion().subscribe((event) => {
      if (event.kind !== 'scroll') return;
      window.clearTimeout(timer);
      timer = window.setTimeout(save, 150);
    });
    return () => {
      unsubscribe();
      window.clearTimeout(timer);
    };
  }, [enabled, storageName]);

  // A new layout may hold the anchor's row (pages loaded up to it, or the width settled).
  useLayoutEffect(() => {
    if (enabled) restorePending();
  }, [enabled, layout, scale, restorePending]);
}
