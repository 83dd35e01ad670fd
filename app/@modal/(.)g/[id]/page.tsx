import { notFound } from 'next/navigation';
import { DetailModal } from '@/components/detail-modal';
import { GenerationDetail } from '@/components/generation-detail';
import { imageDeliveryConfig } from '@/lib/config/image-delivery';
import { getPublicGeneration } from '@/lib/feed/get-generation';

/** Opened from the feed: the same detail, as a dialog over the still-mounted feed. */
export default async function GenerationModal({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const item = await getPublicGeneration(id);
  if (!item) notFound();
  return (
    <DetailModal id={id}>
      <GenerationDetail item={item} delivery={imageDeliveryConfig()} />
    </DetailModal>
  );
}
