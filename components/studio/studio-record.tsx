'use client';

import { useQuery } from '@tanstack/react-query';
import type { GenerationEvent } from '@/lib/moderation/generation-events';
import { studioApi } from '../studio-api';

const timeFormat = new Intl.DateTimeFormat('en', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/** One line of the record in words: what changed and the detail that matters. */
function describe(event: GenerationEvent): string {
  const detail = event.detail;
  switch (event.kind) {
    case 'edited':
      return `edited ${(detail.fields as string[] | undefined)?.join(', ') ?? ''}`;
    case 'hidden':
      return `hidden: ${String(detail.reason ?? '')}`;
    case 'reported':
      return `reported (${String(detail.reason)})${detail.note ? `: “${String(detail.note)}”` : ''}`;
    case 'dismissed':
      return `dismissed ${String(detail.reports)} report${detail.reports === 1 ? '' : 's'}`;
    default:
      return event.kind;
  }
}

/** The generation's record, newest first: every state change, who made it, when (UTC). */
export function StudioRecord({ id }: { id: string }) {
  const record = useQuery({ queryKey: ['studio', 'events', id], queryFn: () => studioApi.events(id) });
  return (
    <section className="studio-record" aria-label="Record">
      <h2>Record</h2>
      {record.isError ? <p className="studio-error">The record could not be read.</p> : null}
      <ol>
        {(record.data ?? []).map((event) => (
          <li key={event.id} data-event={event.kind}>
            <time dateTime={event.at}>{timeFormat.format(new Date(event.at))}</time> {describe(event)}{' '}
            <span className="muted">by {event.actor}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
