'use client';

import { memo, useEffect, useRef, useState } from 'react';
import { blurhashAverageColor } from '@/lib/feed/blurhash-color';
import { type FeedBucket, percentOfRow } from '@/lib/feed/feed-buckets';
import type { FeedItem } from '@/lib/feed/feed-types';
import { eagerSource } from '@/lib/feed/first-screen';
import type { LayoutBox } from '@/lib/feed/justified-layout';
import { buildImageUrl, type ImageDeliveryConfig } from '@/lib/images/providers';
import { buildSrcSet, displaySizeFor, saveDataLadderWidth } from '@/lib/images/srcset';
import { getImageScheduler } from '@/lib/loading/page-scheduler';
import { savesData } from '@/lib/loading/save-data';
import { SensitiveCover } from './sensitive-cover';
import { useBlurhashPreview } from './use-blurhash-preview';
import { useSensitiveCover } from './use-sensitive-cover';

interface FeedCardProps {
  item: FeedItem;
  box: LayoutBox;
  bucket: FeedBucket;
  /** Drawn width ÷ reference width; 0 before the page is measured (server render, hydration). */
  scale: number;
  delivery: ImageDeliveryConfig;
  /**
   * One of the first screen's largest cards: the HTML itself requests it (a `<picture>` whose source
   * matches in this bucket only, so no script is waited for) and it shows as soon as it is decoded.
   */
  eager: boolean;
  /** In the open last row, whose boxes change when the next page arrives: not requested yet. */
  pending: boolean;
}

export const FeedCard = memo(function FeedCard({
  item,
  box,
  bucket,
  scale,
  delivery,
  eager,
  pending,
}: FeedCardProps) {
  const imgRef = useRef<HTMLImageElement>(null);
  const [loaded, setLoaded] = useState(false);
  // A sensitive card has no image until the visitor asks (then the scheduler loads it as any other).
  const { covered, reveal } = useSensitiveCover(item.rating);
  const preview = useBlurhashPreview(item.blurhash, loaded || eager);
  const srcSet = buildSrcSet(delivery, item.src, item.width);
  // Once measured, the scheduler's cards declare their width in pixels (`displaySizeFor`); the HTML's
  // cards declare it in viewport units, and keep it: changing `sizes` could make the browser fetch again.
  const displayWidth = scale > 0 ? displaySizeFor(box.width * scale, window.devicePixelRatio) : 0;

  useEffect(() => {
    const img = imgRef.current;
    if (!img || covered || pending || displayWidth === 0) return;
    return getImageScheduler().observe(img, {
      key: `${item.src}|${eager ? 'eager' : displayWidth}`,
      started: eager,
      apply(element) {
        if (savesData()) {
          // One rung smaller, by `src` alone: a srcset would let the browser pick the larger one.
          const width = saveDataLadderWidth(displayWidth, window.devicePixelRatio, item.width);
          element.src = buildImageUrl(delivery, item.src, width, item.width);
          return;
        }
        element.sizes = `${displayWidth}px`;
        element.srcset = srcSet;
        element.src = buildImageUrl(delivery, item.src, displayWidth, item.width);
      },
      onLoaded: () => setLoaded(true),
    });
  }, [item.src, srcSet, delivery, displayWidth, eager, pending, covered]);

  const image = (
    <img
      ref={imgRef}
      alt={item.prompt}
      width={box.width}
      height={Math.round((box.width * item.height) / item.width)}
      className={eager || loaded ? 'feed-image' : 'feed-image is-waiting'}
      // CORS mode: from the asset host the service worker then sees real statuses (public/sw.js).
      crossOrigin="anonymous"
      decoding="async"
      {...(eager ? { fetchPriority: 'high' as const } : {})}
    />
  );

  return (
    // An article of the feed (its ARIA role's required children), holding a plain link: the feed
    // opens it client-side (one delegated handler, feed-rows.tsx), so a card costs no router hook and
    // no prefetch; a middle click or ⌘-click opens a tab as with any link.
    <article
      className="feed-card"
      data-item-id={item.id}
      aria-posinset={box.index + 1}
      aria-setsize={-1}
      style={{
        left: percentOfRow(box.left, bucket),
        width: percentOfRow(box.width, bucket),
        backgroundColor: blurhashAverageColor(item.blurhash),
        backgroundImage: preview && !loaded && !covered ? `url(${preview})` : undefined,
      }}
    >
      {covered ? <SensitiveCover blurhash={item.blurhash} onShow={reveal} /> : null}
      <a href={`/g/${item.id}`} className="feed-card-link">
        {covered ? (
          <span className="visually-hidden">Sensitive generation by {item.author}</span>
        ) : eager ? (
          // The HTML's own request: its `<source>` matches only in the visitor's bucket (the same
          // media query as the CSS that shows it), so the other buckets' copies fetch nothing, and
          // the visible one is found by the preload scanner and starts while the HTML is parsed —
          // not after layout, as a lazy image would (docs/feed.md).
          <picture>
            <source {...eagerSource(item, box.width, bucket, delivery)} />
            {image}
          </picture>
        ) : (
          image
        )}
        {/* On hover or focus: who made it, with what (the detail view has the rest). */}
        <span className="feed-card-meta" aria-hidden="true">
          {`${item.author} · ${item.model}`}
        </span>
      </a>
    </article>
  );
});
