import type { CSSProperties } from 'react';
import Link from 'next/link';
import type { GenerationDetail as Generation } from '@/lib/feed/get-generation';
import { blurhashAverageColor } from '@/lib/feed/blurhash-color';
import type { ImageDeliveryConfig } from '@/lib/images/providers';
import { buildImageUrl } from '@/lib/images/providers';
import { buildSrcSet } from '@/lib/images/srcset';
import { parametersText } from '@/lib/feed/generation-parameters';
import { CopyButton } from './copy-button';

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });

/** The image fills at most the figure area: 100vw − 340 px of details on wide screens, 94vh tall. */
function detailSizes(item: Generation): string {
  const aspect = item.width / item.height;
  return `(max-width: 900px) min(100vw, ${Math.round(70 * aspect)}vh), min(calc(96vw - 340px), ${Math.round(94 * aspect)}vh)`;
}

export function GenerationDetail({ item, delivery }: { item: Generation; delivery: ImageDeliveryConfig }) {
  return (
    <article className="detail">
      {/* The picture's average colour fills its own box until it paints, not the letterbox around it. */}
      <figure className="detail-figure">
        <img
          src={buildImageUrl(delivery, item.src, 1280, item.width)}
          srcSet={buildSrcSet(delivery, item.src, item.width)}
          sizes={detailSizes(item)}
          width={item.width}
          height={item.height}
          // The source's pixels, in CSS pixels: a small generation is shown at its size, not stretched.
          style={
            {
              '--source-width': `${item.width}px`,
              '--source-height': `${item.height}px`,
              backgroundColor: blurhashAverageColor(item.blurhash),
            } as CSSProperties
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
          <CopyButton label="Copy prompt" text={parametersText(item)} />
          <CopyButton label="Copy link" path={`/g/${item.id}`} />
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
          <Parameter name="Seed" value={item.parameters.seed} />
          <Parameter name="Steps" value={item.parameters.steps} />
          <Parameter name="Sampler" value={item.parameters.sampler} />
          <Parameter name="CFG scale" value={item.parameters.cfgScale} />
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

/** One generation setting, when the file or the curator gave it. */
function Parameter({ name, value }: { name: string; value: string | number | null }) {
  if (value === null) return null;
  return (
    <>
      <dt>{name}</dt>
      <dd data-parameter={name}>{value}</dd>
    </>
  );
}
