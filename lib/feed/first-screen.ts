import type { ImageDeliveryConfig } from '../images/providers';
import { buildSrcSet } from '../images/srcset';
import {
  bucketMediaQuery,
  eagerItems,
  type FeedBucket,
  feedBuckets,
  layoutOptionsFor,
  proportionalSizes,
} from './feed-buckets';
import type { FeedItem } from './feed-types';
import { type Layout, layoutJustified } from './justified-layout';

/**
 * The first screen of every bucket, as the server's HTML draws it and hydration adopts it: the
 * first page laid out per bucket, and the cards whose images the HTML itself asks for (at most
 * `cap`, the loading cap: docs/loading.md).
 */
export interface FirstScreen {
  layout: Layout;
  eager: ReadonlySet<number>;
}

type FirstScreenItem = Pick<FeedItem, 'src' | 'width' | 'height' | 'rating'>;

export function firstScreens(
  items: readonly FirstScreenItem[],
  ended: boolean,
  cap: number,
): Map<string, FirstScreen> {
  return new Map(
    feedBuckets.map((bucket) => {
      const layout = layoutJustified(items, layoutOptionsFor(bucket), undefined, ended);
      // A sensitive card is drawn covered: the HTML never asks for its image.
      const covered = (index: number) => items[index]!.rating === 'sensitive';
      return [bucket.id, { layout, eager: new Set(eagerItems(layout, bucket, cap, covered)) }] as const;
    }),
  );
}

/**
 * The `<source>` of an eager card's `<picture>`: its bucket's media query (the one the CSS shows the
 * bucket by), so only the visitor's own bucket fetches, at parse time, found by the preload scanner;
 * `sizes` in viewport units, since the HTML cannot know the viewport (`proportionalSizes`).
 */
export function eagerSource(
  item: Pick<FeedItem, 'src' | 'width'>,
  boxWidth: number,
  bucket: FeedBucket,
  delivery: ImageDeliveryConfig,
): { media: string; srcSet: string; sizes: string } {
  return {
    media: bucketMediaQuery(bucket),
    srcSet: buildSrcSet(delivery, item.src, item.width),
    sizes: proportionalSizes(boxWidth, bucket),
  };
}
