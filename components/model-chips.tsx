'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import type { FeedFacets } from '@/lib/feed/feed-facets';
import { feedHrefWith } from '@/lib/feed/feed-filter';

/** The model chips count under the search and the author (not the model: picking one keeps the rest). */
async function fetchFacets(q: string, author: string | null, signal: AbortSignal): Promise<FeedFacets> {
  const query = new URLSearchParams({ ...(q ? { q } : {}), ...(author ? { author } : {}) });
  const response = await fetch(`/api/facets?${query}`, { signal });
  if (!response.ok) throw new Error(`Facets: HTTP ${response.status}`);
  return (await response.json()) as FeedFacets;
}

/**
 * The most frequent models of the current search and author (`GET /api/facets`), as chips: one narrows the
 * feed to that model, the chosen one widens it again. In the header's fixed height, so chips
 * arriving move nothing. Not prefetched: each chip is a page of its own, and rendering eight
 * searches for every visitor who never picks one is the waste this gallery exists to avoid.
 */
export function ModelChips() {
  const pathname = usePathname();
  const params = useSearchParams();
  const onFeed = pathname === '/';
  const q = onFeed ? (params.get('q') ?? '') : '';
  const chosen = onFeed ? params.get('model') : null;
  const author = onFeed ? params.get('author') : null;
  const facets = useQuery({
    queryKey: ['facets', q, author],
    queryFn: ({ signal }) => fetchFacets(q, author, signal),
    staleTime: 30_000,
  });
  const listed = facets.data?.models ?? [];
  // The chosen model stays on offer (to widen again) even when it is not among the most frequent.
  const models =
    chosen && !listed.some((model) => model.name === chosen)
      ? [{ name: chosen, count: null }, ...listed]
      : listed;
  const here = new URLSearchParams(onFeed ? params : '');
  const hrefWith = (key: 'model' | 'author', value: string | null) => feedHrefWith(here, key, value);
  return (
    <nav className="model-chips" aria-label="Models">
      {author ? (
        <Link
          href={hrefWith('author', null)}
          prefetch={false}
          className="chip"
          aria-current="true"
          data-author-chip={author}
        >
          by {author} <span aria-hidden="true">×</span>
        </Link>
      ) : null}
      {models.map(({ name, count }) => (
        <Link
          key={name}
          href={hrefWith('model', name === chosen ? null : name)}
          prefetch={false}
          className="chip"
          aria-current={name === chosen ? 'true' : undefined}
          data-model-chip={name}
        >
          {name} {count === null ? null : <span className="chip-count">{count}</span>}
        </Link>
      ))}
    </nav>
  );
}
