import { connection } from 'next/server';
import { redirect } from 'next/navigation';
import { StudioBoard } from '@/components/studio-board';
import { currentCurator } from '@/lib/auth/current-curator';
import { imageDeliveryConfig } from '@/lib/config/image-delivery';
import { listGenerations } from '@/lib/curation/generation-record';
import { appServices } from '@/lib/server/app-services';

export default async function StudioPage() {
  // Per request, before the database is touched (see app/studio/login/page.tsx).
  await connection();
  const { db } = await appServices().database();
  const curator = await currentCurator(db);
  if (!curator) redirect('/studio/login');
  const [submitted, draft, publishing, published, unpublished, failed, hidden] = await Promise.all([
    listGenerations(db, 'submitted', 200),
    listGenerations(db, 'draft', 200),
    listGenerations(db, 'publishing', 200),
    listGenerations(db, 'public', 200),
    listGenerations(db, 'unpublished', 200),
    listGenerations(db, 'failed', 200),
    listGenerations(db, 'hidden', 200),
  ]);
  return (
    <StudioBoard
      email={curator.email}
      initial={{ submitted, draft, publishing, public: published, unpublished, failed, hidden }}
      delivery={imageDeliveryConfig()}
    />
  );
}
