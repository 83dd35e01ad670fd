import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { GenerationDetail } from '@/components/generation-detail';
import { imageDeliveryConfig } from '@/lib/config/image-delivery';
import { generationTitle } from '@/lib/feed/generation-parameters';
import { getPublicGeneration } from '@/lib/feed/get-generation';
import { appServices } from '@/lib/server/app-services';

interface Props {
  params: Promise<{ id: string }>;
}

/** The tab's title follows the open item through ←/→; Next puts the feed's back on close. */
export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const item = await getPublicGeneration((await appServices().database()).db, (await params).id);
  return { title: item ? generationTitle(item.prompt) : 'Not found' };
}

/** Opened from the feed: the same detail, inside the dialog of the layout above, over the mounted feed. */
export default async function GenerationModal({ params }: Props) {
  const item = await getPublicGeneration((await appServices().database()).db, (await params).id);
  if (!item) notFound();
  return <GenerationDetail item={item} delivery={imageDeliveryConfig()} />;
}
