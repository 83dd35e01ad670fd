import { redirect } from 'next/navigation';
import { StudioLoginForm } from '@/components/studio-login-form';
import { currentCurator } from '@/lib/auth/current-curator';

export default async function StudioLoginPage() {
  if (await currentCurator()) redirect('/studio');
  return <StudioLoginForm />;
}
