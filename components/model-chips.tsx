'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { type RefObject, useEffect, useRef } from 'react';
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
  const row = useRef<HTMLElement>(null);
  useScrollableRow(row, models.length);
  return (
    <nav className="model-chips" aria-label="Models" ref={row}>
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

/**
 * A row of chips wider than its room: a fade marks each side that hides chips (`data-more`), and a
 * mouse wheel's vertical turn scrolls it sideways while it can move (then the page scrolls again).
 */
function useScrollableRow(ref: RefObject<HTMLElement | null>, chips: number) {
  useEffect(() => {
    const row = ref.current;
    if (!row) return;
    const mark = () => {
      const start = row.scrollLeft > 1;
      const end = row.scrollLeft + row.clientWidth < row.scrollWidth - 1;
      const more = start && end ? 'both' : start ? 'start' : end ? 'end' : '';
      if (more) row.dataset.more = more;
      else delete row.dataset.more;
    };
    const onWheel = (event: WheelEvent) => {
      if (Math.abs(event.deltaY) <= Math.abs(event.deltaX)) return;
      const room = event.deltaY > 0 ? row.scrollWidth - row.clientWidth - row.scrollLeft : row.scrollLeft;
      if (room <= 0) return;
      event.preventDefault();
      row.scrollLeft += event.deltaY;
    };
    mark();
    const resize = new ResizeObserver(mark);
    resize.observe(row);
    row.addEventListener('scroll', mark, { passive: true });
    row.addEventListener('wheel', onWheel, { passive: false });
    return () => {
      resize.disconnect();
      row.removeEventListener('scroll', mark);
      row.removeEventListener('wheel', onWheel);
    };
  }, [ref, chips]);
}
