import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ShowcaseFeed } from '@/components/showcase-feed';
import { imageDeliveryConfig } from '@/lib/config/image-delivery';
import { FEED_PAGE_SIZE } from '@/lib/feed/feed-types';
import { getFeedPage } from '@/lib/feed/get-feed-page';
import { FEED_HEAD_EDITION } from '@/lib/feed/feed-head';

/**
 * `/` without a query (next.config.ts rewrites it here): the feed's first page, the same HTML for
 * every visitor (lib/feed/feed-buckets.ts), so Next keeps it and any shared cache may too. Rendered
 * on the first request, never at build time (no database there), then kept for 10 s (a literal:
 * Next reads it statically); a publish through the app refreshes it at once
 * (`appServices().feedHeadChanged()`), one from the CLI within those 10 s.
 */
export const revalidate = 10;
export const dynamicParams = true;
export function generateStaticParams(): { edition: string }[] {
  return [];
}

export const metadata: Metadata = { alternates: { canonical: '/' } };

export default async function FeedHead({ params }: { params: Promise<{ edition: string }> }) {
  if ((await params).edition !== FEED_HEAD_EDITION) notFound();
  const page = await getFeedPage({ limit: FEED_PAGE_SIZE });
  return <ShowcaseFeed initialPage={page} delivery={imageDeliveryConfig()} />;
}
