'use client';

import { type InfiniteData, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef } from 'react';
import type { FeedPage } from '@/lib/feed/feed-types';
import { FEED_QUERY_ROOT } from './use-feed-query';

/**
 * The detail's neighbours in the loaded feed (or search) it was opened from: `neighbour(step)` is the
 * previous (-1) or next (1) item's id, if loaded; `go(step)` replaces the history entry with it, in
 * place (the dialog stays open), and says whether there was one. Steps count from the last item
 * asked for, not the one rendered: a key held down (or pressed again before the next item renders)
 * keeps moving instead of asking for the same neighbour twice.
 */
export function useDetailNeighbours(id: string) {
  const router = useRouter();
  const queryClient = useQueryClient();
  // The item the last step asked for, until it is the one rendered.
  const target = useRef<string | null>(null);
  useEffect(() => {
    if (target.current === id) target.current = null;
  }, [id]);

  const neighbour = useCallback(
    (step: -1 | 1) => {
      // The loaded feed that holds this item: the one the visitor opened it from.
      for (const [, data] of queryClient.getQueriesData<InfiniteData<FeedPage>>({
        queryKey: FEED_QUERY_ROOT,
      })) {
        const ids = data?.pages.flatMap((page) => page.items.map((item) => item.id)) ?? [];
        const index = ids.indexOf(target.current ?? id);
        if (index >= 0) return ids[index + step];
      }
      return undefined;
    },
    [queryClient, id],
  );

  const go = useCallback(
    (step: -1 | 1) => {
      const next = neighbour(step);
      if (!next) return false;
      target.current = next;
      router.replace(`/g/${next}`, { scroll: false });
      return true;
    },
    [neighbour, router],
  );

  return { neighbour, go };
}
