import 'server-only';
import type { FeedItem } from '@/lib/feed/feed-types';
import { bucketForWidth, FEED_PADDING, layoutOptionsFor } from '@/lib/feed/feed-buckets';
import { layoutJustified } from '@/lib/feed/justified-layout';
import { variantKey } from '@/lib/images/storage-keys';
import { defaultQuality, type OutputFormat } from '@/lib/images/ladder';
import { displaySizeFor, pickLadderWidth } from '@/lib/images/srcset';
import type { PrewarmItem } from './variant-results';
import type { VariantService } from './variant-service';

/** AVIF for every card of the first screens; WebP (cheap) for the very first for other browsers. */
const formatsFor = (index: number): OutputFormat[] => (index < 24 ? ['avif', 'webp'] : ['avif']);

/** The desktop the feed head is warmed for: a 1440 px wide window at DPR 1, the most common one. */
export const PREWARM_CONTAINER_WIDTH = 1440 - 2 * FEED_PADDING;

/**
 * The variants the feed's first screens will ask for, in feed order: the same layout the browser
 * draws for that desktop, the same `sizes` rule, the same rung the browser picks.
 */
export function feedHeadVariants(
  items: readonly FeedItem[],
): { storagePath: string; items: PrewarmItem[] }[] {
  const bucket = bucketForWidth(PREWARM_CONTAINER_WIDTH);
  const scale = PREWARM_CONTAINER_WIDTH / bucket.refWidth;
  const layout = layoutJustified(items, layoutOptionsFor(bucket));
  return layout.rows.flatMap((row) =>
    row.boxes.map((box) => {
      const item = items[box.index]!;
      const width = pickLadderWidth(displaySizeFor(box.width * scale), 1, item.width);
      const transform = { width, quality: defaultQuality, ratio: null, height: null };
      return {
        storagePath: item.src,
        items: formatsFor(box.index).map((format) => ({
          variantKey: variantKey(item.src, transform, format),
          request: { width, quality: defaultQuality, format },
        })),
      };
    }),
  );
}

/**
 * Warms the head of the feed in the background (after a publish, after the demo seed, at boot), so
 * the first visitor does not wait for AVIF encodes. The service only works while the pool is idle.
 */
export async function prewarmFeedHead(
  service: Pick<VariantService, 'prewarm'>,
  items: readonly FeedItem[],
): Promise<number> {
  let transformed = 0;
  for (const entry of feedHeadVariants(items)) {
    const result = await service.prewarm(entry.storagePath, entry.items);
    transformed += result.transformed;
  }
  return transformed;
}
