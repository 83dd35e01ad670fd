import { connection } from 'next/server';
import { ShowcaseFeed } from '@/components/showcase-feed';
import { imageDeliveryConfig } from '@/lib/config/image-delivery';
import { FEED_PAGE_SIZE } from '@/lib/feed/feed-types';
import { getFeedPage } from '@/lib/feed/get-feed-page';

export default async function HomePage() {
  // Rendered per request: the feed changes with every publish, and the build must never open the DB.
  await connection();
  const page = await getFeedPage({ limit: FEED_PAGE_SIZE });
  return <ShowcaseFeed initialPage={page} delivery={imageDeliveryConfig()} />;
}
