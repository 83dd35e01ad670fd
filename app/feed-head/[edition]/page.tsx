import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ShowcaseFeed } from '@/components/showcase-feed';
import { imageDeliveryConfig } from '@/lib/config/image-delivery';
import { filterKey, isFiltered } from '@/lib/feed/feed-filter';
import { filterOfEdition } from '@/lib/feed/feed-head';
import { FEED_HEAD_SIZE } from '@/lib/feed/feed-types';
import { getFeedPage } from '@/lib/feed/get-feed-page';
import { filterTitle, syndicationAlternates } from '@/lib/feed/syndication';
import { appServices } from '@/lib/server/app-services';

interface Props {
  params: Promise<{ edition: string }>;
}

/**
 * `/` (proxy.ts rewrites it here): the feed's first page, or a search's — the same HTML for every
 * visitor of one URL (lib/feed/feed-buckets.ts), so Next keeps it and any shared cache may too.
 * Rendered on the first request, never at build time (no database there), then kept for 10 s (a
 * literal: Next reads it statically); a publish through the app refreshes every edition at once
 * (the curation actions call `effects.feedHeadChanged()`), one from the CLI within those 10 s.
 */
export const revalidate = 10;
export const dynamicParams = true;
export function generateStaticParams(): { edition: string }[] {
  return [];
}

/** Each edition names its feeds (RSS, Atom, JSON Feed of the same filter: lib/feed/syndication.ts). */
export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const filter = filterOfEdition((await params).edition);
  if (!filter) return { alternates: { canonical: '/' } };
  const types = syndicationAlternates(filter);
  if (!isFiltered(filter)) return { alternates: { canonical: '/', types } };
  // Searches are for visitors, not for search engines: only `/` is indexed.
  return { title: filterTitle(filter), robots: { index: false, follow: true }, alternates: { types } };
}

export default async function FeedHead({ params }: Props) {
  const filter = filterOfEdition((await params).edition);
  if (!filter) notFound();
  const page = await getFeedPage(await appServices().feed(), { limit: FEED_HEAD_SIZE, filter });
  return (
    <>
      {/* The page's heading, for screen readers and outlines: the pictures are its content. */}
      <h1 className="visually-hidden">
        {isFiltered(filter) ? `Public generations: ${filterTitle(filter)}` : 'Public AI generations'}
      </h1>
      <ShowcaseFeed
        key={filterKey(filter)}
        initialPage={page}
        filter={filter}
        delivery={imageDeliveryConfig()}
      />
    </>
  );
}
