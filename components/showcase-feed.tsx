'use client';

import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { FeedPage } from '@/lib/feed/feed-types';
import { type Layout, layoutJustified } from '@/lib/feed/justified-layout';
import {
  FEED_GAP,
  feedLayoutOptions,
  formatViewportHint,
  VIEWPORT_COOKIE,
  type ViewportSize,
} from '@/lib/feed/viewport-hint';
import type { ImageDeliveryConfig } from '@/lib/images/providers';
import { FeedCard } from './feed-card';
import { FeedStatus } from './feed-status';
import { useFeedQuery } from './use-feed-query';
import { useScrollAnchor } from './use-scroll-anchor';

/** Height of the sticky site header: where the feed starts on the page (see globals.css). */
export const FEED_TOP = 56;
/** The first row's cards are requested by the HTML itself; never more than the loading cap. */
const EAGER_CARDS = 4;
/** Ask for the next page while this many viewports of rows are still below the visitor. */
const PREFETCH_VIEWPORTS = 2;

function measureViewport(): ViewportSize {
  return { width: document.documentElement.clientWidth, height: window.innerHeight };
}

function useViewport(initial: ViewportSize): ViewportSize {
  const [viewport, setViewport] = useState(initial);
  // Before paint: a first visit laid out for the default desktop is corrected before it is seen twice.
  useLayoutEffect(() => {
    let timer = 0;
    const update = () => {
      const next = measureViewport();
      // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is missing in Firefox and older Safari.
      document.cookie = `${VIEWPORT_COOKIE}=${formatViewportHint(next)}; path=/; max-age=31536000; samesite=lax`;
      setViewport((current) =>
        current.width === next.width && current.height === next.height ? current : next,
      );
    };
    update();
    const onResize = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 150);
    };
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      window.clearTimeout(timer);
    };
  }, []);
  return viewport;
}

interface ShowcaseFeedProps {
  initialPage: FeedPage;
  initialViewport: ViewportSize;
  delivery: ImageDeliveryConfig;
}

export function ShowcaseFeed({ initialPage, initialViewport, delivery }: ShowcaseFeedProps) {
  const viewport = useViewport(initialViewport);
  const query = useFeedQuery(initialPage);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  const items = useMemo(() => query.data.pages.flatMap((page) => page.items), [query.data]);

  // Appending a page re-lays only the open last row: the previous layout is the starting point.
  const previousLayout = useRef<Layout | undefined>(undefined);
  const layout = useMemo(() => {
    const next = layoutJustified(items, feedLayoutOptions(viewport), previousLayout.current, !hasNextPage);
    previousLayout.current = next;
    return next;
  }, [items, viewport, hasNextPage]);

  // A row's key changes with its size, so the virtualizer never keeps a stale height for it.
  const getItemKey = useCallback(
    (index: number) => {
      const row = layout.rows[index]!;
      return `${row.boxes[0]!.index}:${row.boxes.length}:${row.height}`;
    },
    [layout],
  );
  const virtualizer = useWindowVirtualizer({
    count: layout.rows.length,
    estimateSize: (index) => layout.rows[index]!.height + FEED_GAP,
    getItemKey,
    overscan: 1,
    scrollMargin: FEED_TOP,
    initialRect: { width: viewport.width, height: viewport.height },
  });
  const virtualRows = virtualizer.getVirtualItems();

  const lastVisibleRow = virtualRows.at(-1);
  useEffect(() => {
    if (!hasNextPage || isFetchingNextPage || !lastVisibleRow) return;
    const remaining = layout.height - (lastVisibleRow.start - FEED_TOP);
    if (remaining < viewport.height * PREFETCH_VIEWPORTS) void fetchNextPage();
  }, [lastVisibleRow, layout.height, viewport.height, hasNextPage, isFetchingNextPage, fetchNextPage]);

  const loadMore = useCallback(async () => {
    const result = await fetchNextPage();
    return !result.isError && result.hasNextPage !== false;
  }, [fetchNextPage]);
  useScrollAnchor({ items, layout, top: FEED_TOP, loadMore });

  return (
    <>
      <div
        role="feed"
        aria-busy={isFetchingNextPage}
        className="feed"
        style={{ height: layout.height }}
        aria-label="Public generations"
        data-items={items.length}
      >
        {virtualRows.map((virtualRow) => {
          const row = layout.rows[virtualRow.index]!;
          return (
            <div
              key={virtualRow.key}
              className="feed-row"
              style={{ transform: `translateY(${virtualRow.start - FEED_TOP}px)`, height: row.height }}
            >
              {row.boxes.map((box) => {
                const item = items[box.index]!;
                return (
                  <FeedCard
                    key={item.id}
                    item={item}
                    left={box.left}
                    width={box.width}
                    height={row.height}
                    delivery={delivery}
                    eager={box.index < EAGER_CARDS && virtualRow.index === 0}
                    pending={!row.complete}
                  />
                );
              })}
            </div>
          );
        })}
      </div>
      <FeedStatus
        state={
          query.isFetchNextPageError ? 'error' : isFetchingNextPage ? 'loading' : hasNextPage ? 'idle' : 'end'
        }
        rowHeight={layout.options.targetRowHeight}
        onRetry={() => void fetchNextPage()}
        empty={items.length === 0}
      />
    </>
  );
}
