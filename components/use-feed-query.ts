'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { FEED_PAGE_SIZE, type FeedPage } from '@/lib/feed/feed-types';

export const FEED_QUERY_KEY = ['feed'] as const;

async function fetchFeedPage(cursor: string | null, signal: AbortSignal): Promise<FeedPage> {
  const params = new URLSearchParams({ limit: String(FEED_PAGE_SIZE) });
  if (cursor) params.set('after', cursor);
  const response = await fetch(`/api/feed?${params}`, { signal });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `The feed could not be loaded (HTTP ${response.status}).`);
  }
  return response.json() as Promise<FeedPage>;
}

/**
 * The feed's pages, starting from the one the server rendered (so page one is never fetched twice).
 * All pages stay in memory: an item is ~300 bytes, so 5,000 items cost well under the 30 MB budget,
 * and keeping them avoids re-laying rows above the viewport when pages would be dropped.
 */
export function useFeedQuery(initialPage: FeedPage) {
  return useInfiniteQuery({
    queryKey: FEED_QUERY_KEY,
    queryFn: ({ pageParam, signal }) => fetchFeedPage(pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    initialData: { pages: [initialPage], pageParams: [null] },
  });
}
