import type { CSSProperties } from 'react';
import Link from 'next/link';
import type { GenerationDetail as Generation } from '@/lib/feed/get-generation';
import { blurhashAverageColor } from '@/lib/feed/blurhash-color';
import type { ImageDeliveryConfig } from '@/lib/images/providers';
import { buildImageUrl } from '@/lib/images/providers';
import { buildSrcSet } from '@/lib/images/srcset';
import { CopyPromptButton } from './copy-prompt-button';

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });

/** The image fills at most the figure area: 100vw − 340 px of details on wide screens, 94vh tall. */
function detailSizes(item: Generation): string {
  const aspect = item.width / item.height;
  return `(max-width: 900px) min(100vw, ${Math.round(70 * aspect)}vh), min(calc(96vw - 340px), ${Math.round(94 * aspect)}vh)`;
}

export function GenerationDetail({ item, delivery }: { item: Generation; delivery: ImageDeliveryConfig }) {
  return (
    <article className="detail">
      <figure className="detail-figure" style={{ backgroundColor: blurhashAverageColor(item.blurhash) }}>
        <img
          src={buildImageUrl(delivery, item.src, 1280, item.width)}
          srcSet={buildSrcSet(delivery, item.src, item.width)}
          sizes={detailSizes(item)}
          width={item.width}
          height={item.height}
          // The source's pixels, in CSS pixels: a small generation is shown at its size, not stretched.
          style={
            { '--source-width': `${item.width}px`, '--source-height': `${item.height}px` } as CSSProperties
          }
          alt={item.prompt}
          fetchPriority="high"
          crossOrigin="anonymous"
          decoding="async"
        />
      </figure>
      <section className="detail-info">
        <h1>{item.prompt}</h1>
        <div className="detail-actions">
          <CopyPromptButton prompt={item.prompt} />
          {/* Always the app's own /o/: the edge Worker serves variants only. */}
          <a href={`/o/${item.src}`} download>
            Download original
          </a>
        </div>
        <dl>
          {item.negativePrompt ? (
            <>
              <dt>Negative</dt>
              <dd>{item.negativePrompt}</dd>
            </>
          ) : null}
          <dt>Model</dt>
          <dd>
            <FilterLink filter="model" value={item.model} />
          </dd>
          <dt>Author</dt>
          <dd>
            <FilterLink filter="author" value={item.author} />
          </dd>
          <dt>Published</dt>
          <dd>
            <time dateTime={item.publishedAt}>{dateFormat.format(new Date(item.publishedAt))}</time>
          </dd>
          <dt>Size</dt>
          <dd>
            {item.width} × {item.height}
          </dd>
        </dl>
      </section>
    </article>
  );
}

/** Opens the feed narrowed to one model or author (lib/feed/feed-filter.ts); not prefetched (model-chips.tsx). */
function FilterLink({ filter, value }: { filter: 'model' | 'author'; value: string }) {
  return (
    <Link href={{ pathname: '/', query: { [filter]: value } }} prefetch={false} data-filter-link={filter}>
      {value}
    </Link>
  );
}
