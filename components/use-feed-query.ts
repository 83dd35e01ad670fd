'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { useRef } from 'react';
import { type FeedFilter, filterKey, filterSearchParams } from '@/lib/feed/feed-filter';
import { FEED_MAX_LIMIT, FEED_PAGE_SIZE, type FeedPage } from '@/lib/feed/feed-types';
import type { PageLatency } from '@/lib/loading/page-latency';

/** Every feed's query key starts with this; the search's filter key follows. */
export const FEED_QUERY_ROOT = ['feed'] as const;

async function fetchFeedPage(
  filter: FeedFilter,
  cursor: string | null,
  limit: number,
  signal: AbortSignal,
  latency: PageLatency,
): Promise<FeedPage> {
  const params = filterSearchParams(filter);
  params.set('limit', String(limit));
  if (cursor) params.set('after', cursor);
  const started = performance.now();
  const response = await fetch(`/api/feed?${params}`, { signal });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `The feed could not be loaded (HTTP ${response.status}).`);
  }
  const page = (await response.json()) as FeedPage;
  latency.record(performance.now() - started);
  return page;
}

/**
 * The feed's pages (of the search `filter`), starting from the one the server rendered (so page one
 * is never fetched twice).
 * All pages stay in memory: an item is ~300 bytes, so 5,000 items cost well under the 30 MB budget,
 * and keeping them avoids re-laying rows above the viewport when pages would be dropped.
 * `fetchMore(large)` asks for the next page, the largest the API gives while the visitor flings.
 * Each page's time goes to `latency`, which the page prefetcher reads to ask early enough.
 */
export function useFeedQuery(initialPage: FeedPage, filter: FeedFilter, latency: PageLatency) {
  const nextLimit = useRef(FEED_PAGE_SIZE);
  const query = useInfiniteQuery({
    queryKey: [...FEED_QUERY_ROOT, filterKey(filter)],
    queryFn: ({ pageParam, signal }) => fetchFeedPage(filter, pageParam, nextLimit.current, signal, latency),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    initialData: { pages: [initialPage], pageParams: [null] },
  });
  const fetchMore = (large = false) => {
    nextLimit.current = large ? FEED_MAX_LIMIT : FEED_PAGE_SIZE;
    return query.fetchNextPage();
  };
  return { query, fetchMore };
}
