import { cookies } from 'next/headers';
import { connection } from 'next/server';
import { ShowcaseFeed } from '@/components/showcase-feed';
import { imageDeliveryConfig } from '@/lib/config/image-delivery';
import { FEED_PAGE_SIZE } from '@/lib/feed/feed-types';
import { getFeedPage } from '@/lib/feed/get-feed-page';
import { parseViewportHint, VIEWPORT_COOKIE } from '@/lib/feed/viewport-hint';

export default async function HomePage() {
  // Rendered per request: the feed changes with every publish, and the build must never open the DB.
  await connection();
  const [page, cookieStore] = await Promise.all([getFeedPage({ limit: FEED_PAGE_SIZE }), cookies()]);
  return (
    <ShowcaseFeed
      initialPage={page}
      initialViewport={parseViewportHint(cookieStore.get(VIEWPORT_COOKIE)?.value)}
      delivery={imageDeliveryConfig()}
    />
  );
}
