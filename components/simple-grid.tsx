import type { FeedItem } from '@/lib/feed/feed-types';
import type { ImageDeliveryConfig } from '@/lib/images/providers';
import { buildImageUrl } from '@/lib/images/providers';
import { buildSrcSet } from '@/lib/images/srcset';

/** Grid columns are at least 420 px and at most one viewport wide. */
const gridSizes = '(max-width: 436px) 100vw, (max-width: 1300px) 50vw, 33vw';

export function SimpleGrid({ items, delivery }: { items: FeedItem[]; delivery: ImageDeliveryConfig }) {
  if (items.length === 0) return <p className="empty">Nothing has been published yet.</p>;
  return (
    <div className="grid">
      {items.map((item, index) => (
        <figure key={item.id} className="grid-card">
          <img
            src={buildImageUrl(delivery, item.src, 640)}
            srcSet={buildSrcSet(delivery, item.src, item.width)}
            sizes={gridSizes}
            width={item.width}
            height={item.height}
            alt={item.prompt}
            loading={index < 6 ? 'eager' : 'lazy'}
            fetchPriority={index < 3 ? 'high' : 'auto'}
            decoding="async"
          />
          <figcaption>
            {item.author} · {item.model}
          </figcaption>
        </figure>
      ))}
    </div>
  );
}
