'use client';

import { useRouter } from 'next/navigation';
import type { StudioPage } from '@/lib/curation/studio-list';
import type { ImageDeliveryConfig } from '@/lib/images/providers';
import { studioApi } from '../studio-api';
import { StudioUploader } from '../studio-uploader';
import { StudioBrowser } from './studio-browser';

/** The studio: who is signed in, the uploader, and the list of every generation with its panel. */
export function StudioShell({
  email,
  initialPage,
  delivery,
}: {
  email: string;
  initialPage: StudioPage;
  delivery: ImageDeliveryConfig;
}) {
  const router = useRouter();
  return (
    <div className="studio">
      <div className="studio-bar">
        <h1>Studio</h1>
        <span>Signed in as {email}</span>
        <button
          type="button"
          onClick={async () => {
            await studioApi.logOut().catch(() => undefined);
            router.replace('/studio/login');
            router.refresh();
          }}
        >
          Log out
        </button>
      </div>
      <StudioUploader />
      <StudioBrowser initialPage={initialPage} delivery={delivery} />
    </div>
  );
}
