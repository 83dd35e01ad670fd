import { connection } from 'next/server';
import { redirect } from 'next/navigation';
import { StudioLoginForm } from '@/components/studio-login-form';
import { currentCurator } from '@/lib/auth/current-curator';
import { appServices } from '@/lib/server/app-services';

export default async function StudioLoginPage() {
  // Per request, before the database is touched: without it `next build` tries to prerender this
  // page, which opens PGlite in DATA_DIR (taking its lock) before the session cookie makes it dynamic.
  await connection();
  const { db } = await appServices().database();
  if (await currentCurator(db)) redirect('/studio');
  return <StudioLoginForm />;
}
