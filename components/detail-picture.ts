import type { CSSProperties, ImgHTMLAttributes } from 'react';
import { blurhashAverageColor } from '@/lib/feed/blurhash-color';
import type { FeedItem } from '@/lib/feed/feed-types';
import { buildImageUrl, type ImageDeliveryConfig } from '@/lib/images/providers';
import { buildSrcSet } from '@/lib/images/srcset';

/** What the detail view's picture needs of its generation. */
export type DetailPictureItem = Pick<FeedItem, 'src' | 'width' | 'height' | 'blurhash' | 'prompt'>;

/** The image fills at most the figure area: 100vw − 340 px of details on wide screens, 94vh tall. */
function detailSizes(item: DetailPictureItem): string {
  const aspect = item.width / item.height;
  return `(max-width: 900px) min(100vw, ${Math.round(70 * aspect)}vh), min(calc(96vw - 340px), ${Math.round(94 * aspect)}vh)`;
}

/**
 * The detail view's `<img>` attributes: rendered by the server for a general generation, in the
 * browser for a sensitive one once the visitor asks (sensitive-cover.tsx).
 */
export function detailPicture(
  item: DetailPictureItem,
  delivery: ImageDeliveryConfig,
): ImgHTMLAttributes<HTMLImageElement> {
  return {
    src: buildImageUrl(delivery, item.src, 1280, item.width),
    srcSet: buildSrcSet(delivery, item.src, item.width),
    sizes: detailSizes(item),
    width: item.width,
    height: item.height,
    // The source's pixels, in CSS pixels: a small generation is shown at its size, not stretched.
    style: {
      '--source-width': `${item.width}px`,
      '--source-height': `${item.height}px`,
      // Its average colour fills its own box until it paints, not the letterbox around it.
      backgroundColor: blurhashAverageColor(item.blurhash),
    } as CSSProperties,
    alt: item.prompt,
    fetchPriority: 'high',
    crossOrigin: 'anonymous',
    decoding: 'async',
  };
}
