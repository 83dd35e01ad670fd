import { redirect } from 'next/navigation';
import { StudioLoginForm } from '@/components/studio-login-form';
import { currentCurator } from '@/lib/auth/current-curator';
import { appServices } from '@/lib/server/app-services';

export default async function StudioLoginPage() {
  const { db } = await appServices().database();
  if (await currentCurator(db)) redirect('/studio');
  return <StudioLoginForm />;
}
