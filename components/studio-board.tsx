'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
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
  { status: 'submitted', title: 'Submitted', empty: 'Nothing waits: submit-scope API tokens send here.' },
  { status: 'draft', title: 'Drafts', empty: 'No drafts: upload images above.' },
  { status: 'publishing', title: 'Publishing', empty: 'Nothing is being published.' },
  { status: 'public', title: 'Published', empty: 'Nothing published yet.' },
  { status: 'unpublished', title: 'Unpublished', empty: 'Nothing unpublished.' },
  { status: 'failed', title: 'Failed', empty: 'No publish has failed.' },
  { status: 'hidden', title: 'Hidden', empty: 'Nothing hidden or rejected.' },
];

const PUBLISHING_POLL_MS = 1_000;

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
  const queryClient = useQueryClient();
  const { data = [] } = useQuery({
    queryKey: studioKey(status),
    queryFn: () => studioApi.list(status),
    initialData: initial,
    staleTime: 0,
    // A display set is being made: its progress is asked for every second until it is done.
    refetchInterval: (query) =>
      status === 'publishing' && (query.state.data?.length ?? 0) > 0 ? PUBLISHING_POLL_MS : false,
  });
  // An item left "publishing" (live, or back with the reason): the other lists show where it went.
  const publishingIds = useRef<string[]>([]);
  useEffect(() => {
    if (status !== 'publishing') return;
    const ids = data.map((item) => item.id);
    if (publishingIds.current.some((id) => !ids.includes(id))) {
      void queryClient.invalidateQueries({ queryKey: ['studio'] });
    }
    publishingIds.current = ids;
  }, [data, status, queryClient]);
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
