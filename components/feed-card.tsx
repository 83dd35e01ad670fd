'use client';

import Link from 'next/link';
import { memo, useEffect, useRef, useState } from 'react';
import { blurhashAverageColor } from '@/lib/feed/blurhash-color';
import type { FeedItem } from '@/lib/feed/feed-types';
import type { ImageDeliveryConfig } from '@/lib/images/providers';
import { buildImageUrl } from '@/lib/images/providers';
import { buildSrcSet, displaySizeFor } from '@/lib/images/srcset';
import { getImageScheduler } from '@/lib/loading/page-scheduler';
import { useBlurhashPreview } from './use-blurhash-preview';

interface FeedCardProps {
  item: FeedItem;
  left: number;
  width: number;
  height: number;
  delivery: ImageDeliveryConfig;
  /** Above the fold on the server render: fetched by the HTML parser, before any JavaScript. */
  eager: boolean;
  /** In the open last row, whose boxes change when the next page arrives: not requested yet. */
  pending: boolean;
}

/** The image attributes for a box: srcset of ladder rungs, sizes from the box the card fills. */
function imageAttributes(item: FeedItem, width: number, delivery: ImageDeliveryConfig) {
  const sizes = `${displaySizeFor(width)}px`;
  return {
    srcSet: buildSrcSet(delivery, item.src, item.width),
    sizes,
    src: buildImageUrl(delivery, item.src, displaySizeFor(width)),
    key: `${item.src}|${sizes}`,
  };
}

export const FeedCard = memo(function FeedCard({
  item,
  left,
  width,
  height,
  delivery,
  eager,
  pending,
}: FeedCardProps) {
  const imgRef = useRef<HTMLImageElement>(null);
  const attributes = imageAttributes(item, width, delivery);
  const [loaded, setLoaded] = useState(false);
  const preview = useBlurhashPreview(item.blurhash, loaded);

  useEffect(() => {
    const img = imgRef.current;
    if (!img || pending) return;
    return getImageScheduler().observe(img, {
      key: attributes.key,
      started: eager,
      apply(element) {
        element.sizes = attributes.sizes;
        element.srcset = attributes.srcSet;
        element.src = attributes.src;
      },
      onLoaded: () => setLoaded(true),
    });
  }, [attributes.key, attributes.sizes, attributes.srcSet, attributes.src, eager, pending]);

  return (
    <Link
      href={`/g/${item.id}`}
      scroll={false}
      // Prefetching every card's detail route would be a request per card for views rarely opened.
      prefetch={false}
      className="feed-card"
      data-item-id={item.id}
      style={{
        left,
        width,
        height,
        backgroundColor: blurhashAverageColor(item.blurhash),
        backgroundImage: preview && !loaded ? `url(${preview})` : undefined,
      }}
    >
      <img
        ref={imgRef}
        alt={item.prompt}
        width={width}
        height={height}
        className={loaded ? 'feed-image is-loaded' : 'feed-image'}
        decoding="async"
        {...(eager
          ? {
              srcSet: attributes.srcSet,
              sizes: attributes.sizes,
              src: attributes.src,
              fetchPriority: 'high' as const,
            }
          : {})}
      />
    </Link>
  );
});
