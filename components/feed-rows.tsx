'use client';

import { useRouter } from 'next/navigation';
import type { MouseEvent, ReactNode } from 'react';
import { FEED_GAP, type FeedBucket, proportional } from '@/lib/feed/feed-buckets';
import type { FeedItem } from '@/lib/feed/feed-types';
import type { LayoutRow } from '@/lib/feed/justified-layout';
import type { ImageDeliveryConfig } from '@/lib/images/providers';
import { FeedCard } from './feed-card';

/** A row's key changes with its size, so a re-laid row is a new element, never a moved one. */
export function rowKey(row: LayoutRow): string {
  return `${row.boxes[0]!.index}:${row.boxes.length}:${row.height}`;
}

interface BucketFeedProps {
  bucket: FeedBucket;
  items: readonly FeedItem[];
  rows: readonly LayoutRow[];
  /** Reference height of the rows shown (complete rows only while more pages may come). */
  rowsHeight: number;
  scale: number;
  delivery: ImageDeliveryConfig;
  eager: ReadonlySet<number>;
  /** What sits below the rows (skeleton, error, end), and the reference height it takes. */
  status: ReactNode;
  statusHeight: number;
  /** Extra fixed pixels below the rows (the end and error messages are text, not rows). */
  statusPixels: number;
  busy: boolean;
}

/**
 * One bucket's rows, every length proportional to the feed's width (CSS container units), so the
 * markup is right at any width in the bucket without a measurement: the server renders it for every
 * bucket (media queries show one), the browser keeps the visible one and virtualizes it. What is
 * below the rows is placed by transform at their end: a page arriving moves nothing on screen.
 */
export function BucketFeed({
  bucket,
  items,
  rows,
  rowsHeight,
  scale,
  delivery,
  eager,
  status,
  statusHeight,
  statusPixels,
  busy,
}: BucketFeedProps) {
  const router = useRouter();
  const statusTop = rowsHeight > 0 ? rowsHeight + FEED_GAP : 0;
  // Cards open the detail as a client navigation (the intercepted modal over this feed); clicks a
  // browser gives other meanings (new tab, new window, download) are left to it.
  const openCard = (event: MouseEvent<HTMLDivElement>) => {
    const card = (event.target as Element).closest<HTMLAnchorElement>('a.feed-card-link');
    if (!card || event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    router.push(card.getAttribute('href')!, { scroll: false });
  };
  return (
    <div
      className="feed"
      data-bucket={bucket.id}
      data-items={items.length}
      style={{ height: `calc(${proportional(statusTop + statusHeight, bucket)} + ${statusPixels}px)` }}
    >
      {/* The feed role holds the cards' articles only (its required children); the status beside it
          (skeleton, retry, end) is no article. Rows are positioned by `.feed`, not by this element. */}
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: the cards inside are links, keyboard included. */}
      {/* biome-ignore lint/a11y/noStaticElementInteractions: a feed when it holds cards; clicks come from their links. */}
      <div
        // An empty search has no article to hold: a feed role there would miss its required children.
        {...(items.length > 0 ? { role: 'feed', 'aria-busy': busy, 'aria-label': 'Public generations' } : {})}
        className="feed-articles"
        onClick={openCard}
      >
        {rows.map((row) => (
          <div
            key={rowKey(row)}
            className="feed-row"
            role="none"
            style={{
              transform: `translateY(${proportional(row.top, bucket)})`,
              height: proportional(row.height, bucket),
            }}
          >
            {row.boxes.map((box) => (
              <FeedCard
                key={items[box.index]!.id}
                item={items[box.index]!}
                box={box}
                bucket={bucket}
                scale={scale}
                delivery={delivery}
                eager={eager.has(box.index)}
                pending={!row.complete}
              />
            ))}
          </div>
        ))}
      </div>
      <div className="feed-status" style={{ transform: `translateY(${proportional(statusTop, bucket)})` }}>
        {status}
      </div>
    </div>
  );
}
