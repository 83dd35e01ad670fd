import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { GenerationDetail } from '@/components/generation-detail';
import { imageDeliveryConfig } from '@/lib/config/image-delivery';
import { env } from '@/lib/env';
import { generationTitle } from '@/lib/feed/generation-parameters';
import { getPublicGeneration } from '@/lib/feed/get-generation';
import { oembedDiscoveryPath } from '@/lib/feed/oembed';
import { buildImageUrl } from '@/lib/images/providers';
import { appServices } from '@/lib/server/app-services';

interface Props {
  params: Promise<{ id: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const item = await getPublicGeneration((await appServices().database()).db, (await params).id);
  if (!item) return { title: 'Not found' };
  const title = generationTitle(item.prompt);
  // Relative on the app's own /i/: made absolute from `metadataBase` (PUBLIC_URL, app/layout.tsx).
  const image = buildImageUrl(imageDeliveryConfig(), item.src, 1280, item.width);
  const height = Math.round((Math.min(1280, item.width) * item.height) / item.width);
  const description = `${item.model} · by ${item.author}`;
  // A sensitive picture is shown only to a visitor who asks: a link preview (or an embed) never shows it.
  if (item.rating === 'sensitive')
    return { title, description, openGraph: { type: 'article', title }, twitter: { card: 'summary', title } };
  return {
    title,
    description,
    openGraph: {
      type: 'article',
      title,
      description: item.prompt,
      images: [{ url: image, width: Math.min(1280, item.width), height, alt: item.prompt }],
    },
    twitter: { card: 'summary_large_image', title, images: [image] },
    // oEmbed discovery: a chat or a CMS given this page's link asks /api/oembed for the picture.
    alternates: {
      types: { 'application/json+oembed': [{ url: oembedDiscoveryPath(env.PUBLIC_URL, item.id), title }] },
    },
  };
}

export default async function GenerationPage({ params }: Props) {
  const item = await getPublicGeneration((await appServices().database()).db, (await params).id);
  if (!item) notFound();
  return (
    <div className="detail-page">
      <GenerationDetail item={item} delivery={imageDeliveryConfig()} />
    </div>
  );
}
