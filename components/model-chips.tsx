'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import type { FeedFacets } from '@/lib/feed/feed-facets';
import { feedHrefWith } from '@/lib/feed/feed-filter';

async function fetchFacets(q: string, signal: AbortSignal): Promise<FeedFacets> {
  const response = await fetch(`/api/facets?${new URLSearchParams(q ? { q } : {})}`, { signal });
  if (!response.ok) throw new Error(`Facets: HTTP ${response.status}`);
  return (await response.json()) as FeedFacets;
}

/**
 * The most frequent models of the current search (`GET /api/facets`), as chips: one narrows the
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
  const facets = useQuery({
    queryKey: ['facets', q],
    queryFn: ({ signal }) => fetchFacets(q, signal),
    staleTime: 30_000,
  });
  const author = onFeed ? params.get('author') : null;
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
