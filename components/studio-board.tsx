'use client';

import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import type { CuratorGeneration } from '@/lib/curation/curator-generation';
import type { ImageDeliveryConfig } from '@/lib/images/providers';
import { type GenerationStatus, studioApi } from './studio-api';
import { StudioCard } from './studio-card';
import { StudioUploader } from './studio-uploader';
import { studioKey, useStudioActions } from './use-studio-actions';

interface StudioBoardProps {
  email: string;
  initial: Record<GenerationStatus, CuratorGeneration[]>;
  delivery: ImageDeliveryConfig;
}

const sections: { status: GenerationStatus; title: string; empty: string }[] = [
  { status: 'draft', title: 'Drafts', empty: 'No drafts: upload images above.' },
  { status: 'public', title: 'Published', empty: 'Nothing published yet.' },
  { status: 'unpublished', title: 'Unpublished', empty: 'Nothing unpublished.' },
];

function Section({
  status,
  title,
  empty,
  initial,
  delivery,
  actions,
}: (typeof sections)[number] & {
  initial: CuratorGeneration[];
  delivery: ImageDeliveryConfig;
  actions: ReturnType<typeof useStudioActions>;
}) {
  const { data = [] } = useQuery({
    queryKey: studioKey(status),
    queryFn: () => studioApi.list(status),
    initialData: initial,
    staleTime: 0,
  });
  return (
    <section className="studio-section" aria-label={title} data-section={status}>
      <h2>
        {title} <span className="count">{data.length}</span>
      </h2>
      {data.length === 0 ? <p className="muted">{empty}</p> : null}
      <div className="studio-grid">
        {data.map((item) => (
          <StudioCard key={item.id} item={item} delivery={delivery} actions={actions} />
        ))}
      </div>
    </section>
  );
}

/** The studio: upload, then review drafts, publish, unpublish, edit and delete. */
export function StudioBoard({ email, initial, delivery }: StudioBoardProps) {
  const actions = useStudioActions();
  const router = useRouter();
  return (
    <div className="studio">
      <div className="studio-bar">
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
      {sections.map((section) => (
        <Section
          key={section.status}
          {...section}
          initial={initial[section.status]}
          delivery={delivery}
          actions={actions}
        />
      ))}
    </div>
  );
}
