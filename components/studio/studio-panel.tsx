'use client';

import { type FormEvent, type RefObject, useState } from 'react';
import type { ListedGeneration } from '@/lib/curation/studio-list';
import { blurhashAverageColor } from '@/lib/feed/blurhash-color';
import type { ImageDeliveryConfig } from '@/lib/images/providers';
import { StudioRecord } from './studio-record';
import { thumbnailOf } from './studio-rows';
import type { ItemActions } from './use-item-actions';

interface StudioPanelProps {
  item: ListedGeneration;
  delivery: ImageDeliveryConfig;
  actions: ItemActions;
  /** The prompt field (`e` puts the keyboard there) and the reason field (`r`). */
  promptRef: RefObject<HTMLTextAreaElement | null>;
  reasonRef: RefObject<HTMLInputElement | null>;
  /** After an approve, a reject or a hide from here: the list moves on to the next row. */
  onDone: () => void;
}

const reasonLabels: Record<string, string> = {
  sexual: 'sexual content',
  violence: 'violence',
  copyright: 'copyright',
  spam: 'spam',
  other: 'other',
};

/** The one place a generation is edited and acted on: the active row's fields, actions, reports, record. */
export function StudioPanel({ item, delivery, actions, promptRef, reasonRef, onDone }: StudioPanelProps) {
  const [draft, setDraft] = useState({
    prompt: item.prompt,
    negativePrompt: item.negativePrompt ?? '',
    model: item.model,
    author: item.author,
    seed: item.seed === null ? '' : String(item.seed),
    rating: item.rating,
  });
  const [reason, setReason] = useState('');
  const live = item.status === 'public' || item.status === 'publishing';
  const waiting = item.status === 'submitted';
  const save = (event: FormEvent) => {
    event.preventDefault();
    void actions.edit(item.id, { ...draft, seed: draft.seed.trim() === '' ? null : Number(draft.seed) });
  };
  const hide = async (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim() && (await actions.hide(item.id, reason.trim()))) onDone();
  };
  type TextField = 'prompt' | 'negativePrompt' | 'model' | 'author' | 'seed';
  const set = (name: TextField) => (event: { target: { value: string } }) =>
    setDraft({ ...draft, [name]: event.target.value });
  const area = (name: 'prompt' | 'negativePrompt', label: string) => (
    <label>
      <span>{label}</span>
      <textarea
        ref={name === 'prompt' ? promptRef : undefined}
        rows={3}
        value={draft[name]}
        onChange={set(name)}
      />
    </label>
  );
  const text = (name: 'model' | 'author' | 'seed', label: string) => (
    <label>
      <span>{label}</span>
      <input value={draft[name]} onChange={set(name)} />
    </label>
  );
  return (
    <aside className="studio-panel" aria-label="Selected generation" data-generation-id={item.id}>
      <img
        src={thumbnailOf(item, delivery, 640)}
        alt={item.prompt || 'Generation without a prompt yet'}
        width={item.width}
        height={item.height}
        style={{ backgroundColor: blurhashAverageColor(item.blurhash) }}
      />
      <p className="studio-state" role="status">
        {item.status === 'publishing' && item.publishProgress
          ? `Publishing… ${item.publishProgress.done}/${item.publishProgress.total}`
          : item.status === 'public'
            ? 'Live'
            : item.status === 'hidden'
              ? `Hidden: ${item.hiddenReason ?? ''}`
              : item.status}
      </p>
      {item.publishError && !live ? (
        <p className="studio-error">Publishing failed: {item.publishError}</p>
      ) : null}
      {item.reports ? (
        <div className="studio-reports">
          <p>
            {item.reports.count} open report{item.reports.count === 1 ? '' : 's'}:{' '}
            {Object.entries(item.reports.reasons)
              .map(([key, count]) => `${reasonLabels[key] ?? key} × ${count}`)
              .join(', ')}
          </p>
          {item.reports.notes.length > 0 ? (
            <ul>
              {item.reports.notes.map((note) => (
                <li key={note}>“{note}”</li>
              ))}
            </ul>
          ) : null}
          <button type="button" onClick={() => void actions.dismissReports(item.id)}>
            Dismiss reports
          </button>
        </div>
      ) : null}
      <div className="studio-actions">
        {live ? (
          <button type="button" onClick={() => void actions.unpublish(item.id)}>
            Unpublish
          </button>
        ) : (
          <button
            type="button"
            onClick={async () => {
              if ((await actions.publish(item.id)) && waiting) onDone();
            }}
          >
            {waiting ? 'Approve' : 'Publish'}
          </button>
        )}
        <button
          type="button"
          className="danger"
          onClick={() => {
            if (window.confirm('Delete this generation and its files for good?'))
              void actions.remove(item.id);
          }}
        >
          Delete
        </button>
      </div>
      <form className="studio-hide" onSubmit={hide}>
        <label>
          <span>{waiting ? 'Reject, with a reason' : 'Hide, with a reason'}</span>
          <input
            ref={reasonRef}
            value={reason}
            maxLength={500}
            onChange={(event) => setReason(event.target.value)}
          />
        </label>
        <button type="submit" disabled={!reason.trim()}>
          {waiting ? 'Reject' : 'Hide'}
        </button>
      </form>
      {actions.failures[item.id] ? (
        <p className="studio-error" role="alert">
          {actions.failures[item.id]}
        </p>
      ) : null}
      <form className="studio-edit" onSubmit={save}>
        {area('prompt', 'Prompt')}
        {area('negativePrompt', 'Negative prompt')}
        {text('model', 'Model')}
        {text('author', 'Author')}
        {text('seed', 'Seed')}
        <label>
          <span>Rating</span>
          <select
            value={draft.rating}
            onChange={(event) => setDraft({ ...draft, rating: event.target.value as typeof draft.rating })}
          >
            <option value="general">General</option>
            <option value="sensitive">Sensitive</option>
          </select>
        </label>
        <button type="submit">Save</button>
      </form>
      <StudioRecord id={item.id} />
    </aside>
  );
}
