import { connection } from 'next/server';
import { redirect } from 'next/navigation';
import { StudioShell } from '@/components/studio/studio-shell';
import { currentCurator } from '@/lib/auth/current-curator';
import { imageDeliveryConfig } from '@/lib/config/image-delivery';
import { listStudioPage } from '@/lib/curation/studio-list';
import { appServices } from '@/lib/server/app-services';

export default async function StudioPage() {
  // Per request, before the database is touched (see app/studio/login/page.tsx).
  await connection();
  const { db } = await appServices().database();
  const curator = await currentCurator(db);
  if (!curator) redirect('/studio/login');
  // The first page of every generation, newest first: the list is interactive with the HTML.
  const firstPage = await listStudioPage(db, { limit: 50 });
  return <StudioShell email={curator.email} initialPage={firstPage} delivery={imageDeliveryConfig()} />;
}
