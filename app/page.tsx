import { connection } from 'next/server';
import { SimpleGrid } from '@/components/simple-grid';
import { imageDeliveryConfig } from '@/lib/config/image-delivery';
import { getFeedPage } from '@/lib/feed/get-feed-page';

export default async function HomePage() {
  // Rendered per request: the feed changes with every publish, and the build must never open the DB.
  await connection();
  const page = await getFeedPage({ limit: 24 });
  return <SimpleGrid items={page.items} delivery={imageDeliveryConfig()} />;
}
