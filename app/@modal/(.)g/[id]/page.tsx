import { notFound } from 'next/navigation';
import { GenerationDetail } from '@/components/generation-detail';
import { imageDeliveryConfig } from '@/lib/config/image-delivery';
import { getPublicGeneration } from '@/lib/feed/get-generation';
import { appServices } from '@/lib/server/app-services';

/** Opened from the feed: the same detail, inside the dialog of the layout above, over the mounted feed. */
export default async function GenerationModal({ params }: { params: Promise<{ id: string }> }) {
  const item = await getPublicGeneration((await appServices().database()).db, (await params).id);
  if (!item) notFound();
  return <GenerationDetail item={item} delivery={imageDeliveryConfig()} />;
}
