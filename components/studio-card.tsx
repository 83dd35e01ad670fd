'use client';

import { type FormEvent, useState } from 'react';
import type { CuratorGeneration } from '@/lib/curation/curator-generation';
import { blurhashAverageColor } from '@/lib/feed/blurhash-color';
import { buildImageUrl, type ImageDeliveryConfig } from '@/lib/images/providers';
import type { useStudioActions } from './use-studio-actions';

interface StudioCardProps {
  item: CuratorGeneration;
  delivery: ImageDeliveryConfig;
  actions: ReturnType<typeof useStudioActions>;
}

/** One generation: its picture, its fields (editable) and what can be done with it. */
export function StudioCard({ item, delivery, actions }: StudioCardProps) {
  const [draft, setDraft] = useState({
    prompt: item.prompt,
    negativePrompt: item.negativePrompt ?? '',
    model: item.model,
    author: item.author,
    seed: item.seed === null ? '' : String(item.seed),
  });
  const [rating, setRating] = useState(item.rating);
  // Published images come through /i/ like the feed's; others only through the signed-in preview.
  const src =
    item.status === 'public'
      ? buildImageUrl(delivery, item.src, 640, item.width)
      : `/api/generations/${item.id}/preview?w=640`;
  const save = (event: FormEvent) => {
    event.preventDefault();
    actions.edit.mutate({
      id: item.id,
      fields: { ...draft, rating, seed: draft.seed.trim() === '' ? null : Number(draft.seed) },
    });
  };
  const change = (name: keyof typeof draft) => (event: { target: { value: string } }) =>
    setDraft({ ...draft, [name]: event.target.value });
  const field = (name: keyof typeof draft, label: string, multiline = false) =>
    multiline ? (
      <label>
        <span>{label}</span>
        <textarea value={draft[name]} rows={3} onChange={change(name)} />
      </label>
    ) : (
      <label>
        <span>{label}</span>
        <input value={draft[name]} onChange={change(name)} />
      </label>
    );
  return (
    <article className="studio-card" data-generation-id={item.id} data-status={item.status}>
      <img
        src={src}
        alt={item.prompt || 'Generation without a prompt yet'}
        width={item.width}
        height={item.height}
        loading="lazy"
        decoding="async"
        style={{ backgroundColor: blurhashAverageColor(item.blurhash) }}
      />
      <form onSubmit={save}>
        {field('prompt', 'Prompt', true)}
        {field('negativePrompt', 'Negative prompt', true)}
        {field('model', 'Model')}
        {field('author', 'Author')}
        {field('seed', 'Seed')}
        <label>
          <span>Rating</span>
          {/* Sensitive generations are the ones visitors can leave out of their feed (?rating=general). */}
          <select value={rating} onChange={(event) => setRating(event.target.value as typeof rating)}>
            <option value="general">General</option>
            <option value="sensitive">Sensitive</option>
          </select>
        </label>
        {item.status === 'publishing' && item.publishProgress ? (
          <p className="studio-publishing" role="status">
            Publishing… {item.publishProgress.done}/{item.publishProgress.total}{' '}
            <progress value={item.publishProgress.done} max={item.publishProgress.total || 1} />
          </p>
        ) : null}
        {item.status === 'public' ? (
          <p className="studio-live" role="status">
            Live
          </p>
        ) : null}
        {item.publishError && item.status !== 'publishing' && item.status !== 'public' ? (
          <p className="studio-error" role="alert">
            Publishing failed: {item.publishError}
          </p>
        ) : null}
        <div className="studio-actions">
          <button type="submit">Save</button>
          {item.status === 'public' || item.status === 'publishing' ? (
            <button type="button" onClick={() => actions.unpublish.mutate({ id: item.id })}>
              Unpublish
            </button>
          ) : (
            <button type="button" onClick={() => actions.publish.mutate({ id: item.id })}>
              Publish
            </button>
          )}
          <button
            type="button"
            className="danger"
            onClick={() => {
              if (window.confirm('Delete this generation and its files for good?'))
                actions.remove.mutate({ id: item.id });
            }}
          >
            Delete
          </button>
        </div>
        {actions.failures[item.id] ? (
          <p className="studio-error" role="alert">
            {actions.failures[item.id]}
          </p>
        ) : null}
      </form>
    </article>
  );
}
