'use client';

import { useEffect, useState } from 'react';
import type { GenerationStatus, StudioFilters } from '../studio-api';

const statuses: GenerationStatus[] = [
  'submitted',
  'draft',
  'publishing',
  'public',
  'unpublished',
  'failed',
  'hidden',
];

/** The views a curator starts from: each a preset of the filters below it. */
export const studioViews = [
  { name: 'All', filters: {} },
  { name: 'Review queue', filters: { status: 'submitted' } },
  { name: 'Reported', filters: { reported: 'true' } },
  { name: 'Hidden', filters: { status: 'hidden' } },
] as const satisfies readonly { name: string; filters: StudioFilters }[];

const sameFilters = (a: StudioFilters, b: StudioFilters) =>
  JSON.stringify(
    Object.entries(a)
      .filter(([, v]) => v)
      .sort(),
  ) ===
  JSON.stringify(
    Object.entries(b)
      .filter(([, v]) => v)
      .sort(),
  );

/**
 * Search and filters: prompt words, model, author, state, rating, reported — any mix, each
 * narrowing the keyset list on the server. Typed text is sent 250 ms after the last key.
 */
export function StudioFilterBar({
  filters,
  onChange,
}: {
  filters: StudioFilters;
  onChange: (next: StudioFilters) => void;
}) {
  const [typed, setTyped] = useState({
    q: filters.q ?? '',
    model: filters.model ?? '',
    author: filters.author ?? '',
  });
  useEffect(() => {
    const timer = window.setTimeout(() => {
      const next = { ...filters, q: typed.q.trim(), model: typed.model.trim(), author: typed.author.trim() };
      if (!sameFilters(next, filters)) onChange(next);
    }, 250);
    return () => window.clearTimeout(timer);
  }, [typed, filters, onChange]);
  const text = (key: keyof typeof typed, label: string) => (
    <label>
      <span>{label}</span>
      <input
        type="search"
        value={typed[key]}
        onChange={(event) => setTyped({ ...typed, [key]: event.target.value })}
      />
    </label>
  );
  return (
    <div className="studio-filters">
      <fieldset className="studio-views" aria-label="Views">
        {studioViews.map((view) => (
          <button
            key={view.name}
            type="button"
            aria-pressed={sameFilters(filters, view.filters)}
            onClick={() => {
              setTyped({ q: '', model: '', author: '' });
              onChange(view.filters);
            }}
          >
            {view.name}
          </button>
        ))}
      </fieldset>
      <search className="studio-search">
        {text('q', 'Prompt words or id')}
        {text('model', 'Model')}
        {text('author', 'Author')}
        <label>
          <span>State</span>
          <select
            value={filters.status ?? ''}
            onChange={(event) =>
              onChange({ ...filters, status: (event.target.value || undefined) as GenerationStatus })
            }
          >
            <option value="">any</option>
            {statuses.map((status) => (
              <option key={status} value={status}>
                {status}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Rating</span>
          <select
            value={filters.rating ?? ''}
            onChange={(event) =>
              onChange({ ...filters, rating: (event.target.value || undefined) as StudioFilters['rating'] })
            }
          >
            <option value="">any</option>
            <option value="general">general</option>
            <option value="sensitive">sensitive</option>
          </select>
        </label>
        <label className="studio-inline">
          <input
            type="checkbox"
            checked={filters.reported === 'true'}
            onChange={(event) =>
              onChange({ ...filters, reported: event.target.checked ? 'true' : undefined })
            }
          />
          <span>Reported</span>
        </label>
      </search>
    </div>
  );
}
