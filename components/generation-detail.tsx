import Link from 'next/link';
import type { GenerationDetail as Generation } from '@/lib/feed/get-generation';
import type { ImageDeliveryConfig } from '@/lib/images/providers';
import { parametersText } from '@/lib/feed/generation-parameters';
import { CopyButton } from './copy-button';
import { detailPicture } from './detail-picture';
import { ReportDialog } from './report-dialog';
import { SensitivePicture } from './sensitive-cover';

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });

export function GenerationDetail({ item, delivery }: { item: Generation; delivery: ImageDeliveryConfig }) {
  const picture = detailPicture(item, delivery);
  return (
    <article className="detail">
      <figure className="detail-figure">
        {/* A sensitive one is made in the browser, once asked for (sensitive-cover.tsx says why). */}
        {item.rating === 'sensitive' ? (
          <SensitivePicture
            item={{
              src: item.src,
              width: item.width,
              height: item.height,
              blurhash: item.blurhash,
              prompt: item.prompt,
            }}
            delivery={delivery}
          />
        ) : (
          // biome-ignore lint/a11y/useAltText: `picture` carries the alt text.
          <img {...picture} />
        )}
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
          <ReportDialog generationId={item.id} />
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
