'use client';

import { type InfiniteData, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { type FeedFilter, filterKey, filterSearchParams } from '@/lib/feed/feed-filter';
import { FEED_DEFAULT_LIMIT, FEED_PAGE_SIZE, type FeedItem, type FeedPage } from '@/lib/feed/feed-types';
import { countNewItems, isNewer, type NewItems } from '@/lib/feed/new-items';
import { FEED_QUERY_ROOT } from './use-feed-query';

/**
 * How often an open, visible feed asks whether anything was published since it loaded. Each ask is
 * `GET /api/feed?limit=1` (~0.6 KB, the same URL for every visitor of a search: a CDN answers it);
 * only when its item is newer does a second ask count them (`limit=24`, ~9 KB). An hour of reading
 * costs 60 small asks (docs/feed.md, "New items").
 */
export const NEW_ITEMS_POLL_MS = 60_000;

/** The first `limit` items of the search's feed, as a page. */
async function head(filter: FeedFilter, limit: number): Promise<FeedPage> {
  const params = filterSearchParams(filter);
  params.set('limit', String(limit));
  const response = await fetch(`/api/feed?${params}`, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return (await response.json()) as FeedPage;
}

/**
 * New items, announced and inserted only when asked: while the tab is visible the feed polls its head;
 * newer items make a count for the pill (components/new-items-pill.tsx), and nothing in the feed moves.
 * `show()` scrolls to the top and replaces the loaded pages with the fresh first page.
 */
export function useNewItems({
  filter,
  first,
  enabled,
}: {
  filter: FeedFilter;
  first: FeedItem | undefined;
  enabled: boolean;
}) {
  const queryClient = useQueryClient();
  const [fresh, setFresh] = useState<NewItems | null>(null);
  const latestFirst = useRef(first);
  latestFirst.current = first;

  useEffect(() => {
    if (!enabled) return;
    let lastPoll = Date.now();
    let busy = false;
    const poll = async () => {
      if (busy || document.visibilityState !== 'visible') return;
      busy = true;
      lastPoll = Date.now();
      try {
        const [newest] = (await head(filter, 1)).items;
        const current = latestFirst.current;
        if (newest && (!current || isNewer(newest, current))) {
          setFresh(countNewItems((await head(filter, FEED_DEFAULT_LIMIT)).items, latestFirst.current));
        }
      } catch {
        // A failed ask is asked again at the next tick: the pill is a courtesy, never an error.
      } finally {
        busy = false;
      }
    };
    const timer = window.setInterval(() => void poll(), NEW_ITEMS_POLL_MS);
    // Back to a tab hidden for a while: ask now rather than at the next tick.
    const onVisible = () => {
      if (document.visibilityState === 'visible' && Date.now() - lastPoll >= NEW_ITEMS_POLL_MS) void poll();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [enabled, filter]);

  const show = useCallback(async () => {
    const page = await head(filter, FEED_PAGE_SIZE).catch(() => null);
    if (!page) return;
    // Instant: the pages below are replaced, there is nothing to travel past.
    window.scrollTo({ top: 0, behavior: 'instant' });
    queryClient.setQueryData<InfiniteData<FeedPage, string | null>>([...FEED_QUERY_ROOT, filterKey(filter)], {
      pages: [page],
      pageParams: [null],
    });
    setFresh(null);
  }, [filter, queryClient]);

  return { fresh: fresh && fresh.count > 0 ? fresh : null, show };
}
