'use client';

import { type InfiniteData, useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo } from 'react';
import type { CuratorGeneration } from '@/lib/curation/curator-generation';
import type { ListedGeneration, StudioPage } from '@/lib/curation/studio-list';
import { type StudioFilters, studioApi } from '../studio-api';

export const STUDIO_LIST = ['studio', 'list'] as const;
const PUBLISHING_POLL_MS = 1000;
const PAGE_SIZE = 50;

/**
 * The studio's list for one set of filters: keyset pages of 50 from `GET /api/generations`, the first
 * one from the server's render for the default view. `replace` puts a server's answer for one item
 * in every loaded list at once; rows being published are asked about every second until they settle.
 */
export function useStudioList(filters: StudioFilters, initialPage: StudioPage | null) {
  const queryClient = useQueryClient();
  const query = useInfiniteQuery({
    queryKey: [...STUDIO_LIST, filters],
    queryFn: ({ pageParam }) => studioApi.page(filters, pageParam, PAGE_SIZE),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    ...(initialPage ? { initialData: { pages: [initialPage], pageParams: [null] } } : {}),
  });
  const items = useMemo(() => query.data?.pages.flatMap((page) => page.items) ?? [], [query.data]);

  const replace = useCallback(
    (item: CuratorGeneration | null, id: string, options: { reportsClosed?: boolean } = {}) => {
      queryClient.setQueriesData<InfiniteData<StudioPage>>({ queryKey: STUDIO_LIST }, (data) =>
        data
          ? {
              ...data,
              pages: data.pages.map((page) => ({
                ...page,
                items: page.items.flatMap((old): ListedGeneration[] => {
                  if (old.id !== id) return [old];
                  if (!item) return [];
                  const { reports } = old;
                  return [reports && !options.reportsClosed ? { ...item, reports } : item];
                }),
              })),
            }
          : data,
      );
    },
    [queryClient],
  );

  // Publishing rows settle (public, or failed back) within seconds: each is asked until it does.
  const publishing = items
    .filter((item) => item.status === 'publishing')
    .slice(0, 20)
    .map((item) => item.id)
    .join(',');
  useEffect(() => {
    if (!publishing) return;
    const timer = window.setInterval(() => {
      for (const id of publishing.split(','))
        studioApi.get(id).then(
          (item) => replace(item, id),
          () => undefined,
        );
    }, PUBLISHING_POLL_MS);
    return () => window.clearInterval(timer);
  }, [publishing, replace]);

  return { items, query, replace };
}
