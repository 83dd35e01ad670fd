'use client';

import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { type ComponentProps, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  bucketMediaQuery,
  FEED_GAP,
  FEED_TOP,
  type FeedBucket,
  feedBuckets,
  firstScreenRows,
  layoutOptionsFor,
} from '@/lib/feed/feed-buckets';
import { type FeedFilter, filterKey, isFiltered, noFilter } from '@/lib/feed/feed-filter';
import type { FeedItem, FeedPage } from '@/lib/feed/feed-types';
import { firstScreens } from '@/lib/feed/first-screen';
import { type Layout, type LayoutRow, layoutJustified } from '@/lib/feed/justified-layout';
import type { ImageDeliveryConfig } from '@/lib/images/providers';
import { createPageLatency } from '@/lib/loading/page-latency';
import { BucketFeed, rowKey } from './feed-rows';
import { FeedStatus, type FeedStatusState, statusSpace } from './feed-status';
import { useFeedGeometry } from './use-feed-geometry';
import { useFeedQuery } from './use-feed-query';
import { NewItemsPill } from './new-items-pill';
import { useNewItems } from './use-new-items';
import { usePagePrefetch } from './use-page-prefetch';
import { useRevealCard } from './use-reveal-card';
import { useScrollAnchor } from './use-scroll-anchor';

/** The HTML requests at most this many images itself: the loading cap (docs/loading.md). */
const EAGER_CARDS = 4;

/** Which buckets' CSS shows: one media query each, the same the script matches (use-feed-geometry). */
const bucketCss = feedBuckets
  .map((bucket) => `@media ${bucketMediaQuery(bucket)}{.feed[data-bucket="${bucket.id}"]{display:block}}`)
  .join('');

/** Rows shown: while more pages may come, the open last row waits (its boxes still change). */
function shownRows(layout: Layout, more: boolean): { rows: LayoutRow[]; height: number } {
  const rows = more ? layout.rows.filter((row) => row.complete) : layout.rows;
  const last = rows.at(-1);
  return { rows, height: last ? last.top + last.height : 0 };
}

type BucketFeedProps = ComponentProps<typeof BucketFeed>;

interface ShowcaseFeedProps {
  initialPage: FeedPage;
  /** The search this feed shows; every public item without one. */
  filter?: FeedFilter;
  delivery: ImageDeliveryConfig;
}

export function ShowcaseFeed({ initialPage, filter = noFilter, delivery }: ShowcaseFeedProps) {
  const frame = useRef<HTMLDivElement>(null);
  const geometry = useFeedGeometry(frame);
  // This feed's page times: measured by the query, read by the prefetch.
  const [latency] = useState(createPageLatency);
  const { query, fetchMore } = useFeedQuery(initialPage, filter, latency);
  const { hasNextPage, isFetchingNextPage, isFetchNextPageError } = query;
  const items = useMemo(() => query.data.pages.flatMap((page) => page.items), [query.data]);
  const state: FeedStatusState = isFetchNextPageError ? 'error' : hasNextPage ? 'more' : 'end';

  // The first page laid out for every bucket: the server's HTML (and hydration) draws the first
  // screen of each, and the cards it asks for are the same ever after.
  const firstLayouts = useMemo(
    () => firstScreens(initialPage.items, !initialPage.nextCursor, EAGER_CARDS),
    [initialPage],
  );

  // The live layout: appending a page re-lays only the open last row of the previous one.
  const bucket: FeedBucket = geometry?.bucket ?? feedBuckets[0]!;
  const scale = geometry?.scale ?? 1;
  // Kept rows are reused only while the feed grows at its end: new items shown at its top
  // (use-new-items.ts) make every row new.
  const previous = useRef<{ layout: Layout; first: string | undefined } | undefined>(undefined);
  const layout = useMemo(() => {
    const first = items[0]?.id;
    const kept = previous.current;
    const reuse = kept && kept.first === first ? kept.layout : undefined;
    const next = layoutJustified(items, layoutOptionsFor(bucket), reuse, !hasNextPage);
    previous.current = { layout: next, first };
    return next;
  }, [items, bucket, hasNextPage]);
  const shown = shownRows(layout, state === 'more');

  const virtualizer = useWindowVirtualizer({
    count: geometry ? shown.rows.length : 0,
    estimateSize: (index) => (shown.rows[index]!.height + FEED_GAP) * scale,
    getItemKey: (index) => rowKey(shown.rows[index]!),
    overscan: 1,
    scrollMargin: FEED_TOP,
  });
  // Row sizes are reference sizes × scale: a new scale (a resize) moves every row.
  useEffect(() => {
    virtualizer.measure();
  }, [virtualizer, scale, bucket]);

  usePagePrefetch({
    canFetch: geometry !== null && state === 'more' && !isFetchingNextPage,
    rowsEnd: FEED_TOP + shown.height * scale,
    latency,
    fetchMore,
  });
  const loadMore = useCallback(async () => {
    const result = await fetchMore();
    return !result.isError && result.hasNextPage !== false;
  }, [fetchMore]);
  useScrollAnchor({
    items,
    layout,
    top: FEED_TOP,
    scale,
    enabled: geometry !== null,
    loadMore,
    // Each search keeps its own place, so back and forward return to where it was read.
    storageKey: filterKey(filter),
  });

  useRevealCard({ items, rows: shown.rows, top: FEED_TOP, scale });
  const newItems = useNewItems({ filter, first: items[0], enabled: geometry !== null });

  // What a bucket's feed shows beside its rows is the same whether it is live or the first screen.
  const feedProps = (
    feedBucket: FeedBucket,
    view: Pick<BucketFeedProps, 'items' | 'rows' | 'rowsHeight' | 'scale' | 'busy'>,
  ): BucketFeedProps => {
    const space = statusSpace(state, feedBucket);
    return {
      ...view,
      bucket: feedBucket,
      delivery,
      eager: firstLayouts.get(feedBucket.id)!.eager,
      status: (
        <FeedStatus
          state={state}
          bucket={feedBucket}
          empty={items.length === 0}
          filtered={isFiltered(filter)}
          query={filter.q}
          onRetry={() => void fetchMore()}
        />
      ),
      statusHeight: space.rows,
      statusPixels: space.pixels,
    };
  };
  // Once measured, the visible bucket's live, virtualized feed; before, every bucket's first screen
  // (the server's HTML, which hydration must match).
  const feeds = geometry
    ? [
        feedProps(bucket, {
          items,
          rows: virtualizer.getVirtualItems().map((virtualRow) => shown.rows[virtualRow.index]!),
          rowsHeight: shown.height,
          scale,
          busy: isFetchingNextPage,
        }),
      ]
    : feedBuckets.map((candidate) => {
        const { layout: firstLayout } = firstLayouts.get(candidate.id)!;
        return feedProps(candidate, {
          items: initialPage.items as FeedItem[],
          rows: firstScreenRows(firstLayout, candidate),
          rowsHeight: shownRows(firstLayout, state === 'more').height,
          scale: 0,
          busy: false,
        });
      });

  return (
    <div ref={frame} className="feed-frame">
      <style>{bucketCss}</style>
      <NewItemsPill fresh={newItems.fresh} onShow={() => void newItems.show()} />
      {/* One keyed list in both cases: once measured, the visible bucket's feed stays the same
          element (its cards, and the images the HTML started, are kept), the others unmount. No
          bucket is a Suspense boundary: React's server renderer streams a large completed boundary
          out of line and reveals those in batches 300 ms apart, which held the visitor's bucket
          hidden that long after its images arrived (docs/feed.md). */}
      {feeds.map((props) => (
        <BucketFeed key={props.bucket.id} {...props} />
      ))}
    </div>
  );
}
