'use client';

import type { CuratorGeneration } from '@/lib/curation/curator-generation';
import type { StudioPage } from '@/lib/curation/studio-list';
import type { GenerationEvent } from '@/lib/moderation/generation-events';

/** The studio's calls to the curator API; failures carry the server's `{ error: { message } }`. */
export class StudioApiError extends Error {}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, {
    ...init,
    headers: { ...(init?.body ? { 'Content-Type': 'application/json' } : {}), ...init?.headers },
  });
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (!response.ok)
    throw new StudioApiError(body?.error?.message ?? `The server answered HTTP ${response.status}.`);
  return body as T;
}

export type GenerationStatus = CuratorGeneration['status'];
export type GenerationEdit = Partial<
  Pick<CuratorGeneration, 'prompt' | 'negativePrompt' | 'model' | 'author' | 'seed' | 'rating'>
>;

/** What the studio's list is narrowed to (`GET /api/generations`); absent keys do not narrow. */
export interface StudioFilters {
  q?: string;
  model?: string;
  author?: string;
  status?: GenerationStatus;
  rating?: CuratorGeneration['rating'];
  reported?: 'true';
}

export const studioApi = {
  page: (filters: StudioFilters, after: string | null, limit = 50) => {
    const params = new URLSearchParams({ limit: String(limit) });
    for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
    if (after) params.set('after', after);
    return call<StudioPage>(`/api/generations?${params}`);
  },
  get: (id: string) => call<CuratorGeneration>(`/api/generations/${id}`),
  events: (id: string) =>
    call<{ items: GenerationEvent[] }>(`/api/generations/${id}/events`).then((record) => record.items),
  hide: (id: string, reason: string) =>
    call<{ generation: CuratorGeneration }>(`/api/generations/${id}/hide`, {
      method: 'POST',
      body: JSON.stringify({ reason }),
    }),
  dismissReports: (id: string) =>
    call<{ dismissed: number }>(`/api/generations/${id}/dismiss-reports`, { method: 'POST' }),
  update: (id: string, fields: GenerationEdit) =>
    call<CuratorGeneration>(`/api/generations/${id}`, { method: 'PATCH', body: JSON.stringify(fields) }),
  publish: (id: string) =>
    call<{ generation: CuratorGeneration }>(`/api/generations/${id}/publish`, { method: 'POST' }),
  unpublish: (id: string) =>
    call<{ generation: CuratorGeneration; cdnPurge: string | null }>(`/api/generations/${id}/unpublish`, {
      method: 'POST',
    }),
  remove: (id: string) => call<{ deleted: string }>(`/api/generations/${id}`, { method: 'DELETE' }),
  logIn: (email: string, password: string) =>
    call<{ ok: true }>('/api/auth/login', { method: 'POST', body: JSON.stringify({ email, password }) }),
  logOut: () => call<{ ok: true }>('/api/auth/logout', { method: 'POST' }),
};

export interface UploadHandle {
  done: Promise<CuratorGeneration>;
  cancel(): void;
}

/**
 * One file to `POST /api/generations` through XMLHttpRequest: fetch reports no upload progress.
 * `onProgress` gets the fraction sent (0..1).
 */
export function uploadFile(file: File, onProgress: (fraction: number) => void): UploadHandle {
  const xhr = new XMLHttpRequest();
  const done = new Promise<CuratorGeneration>((resolve, reject) => {
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body = null as { error?: { message?: string } } | null;
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        // not JSON: handled below
      }
      if (xhr.status === 200 || xhr.status === 201) resolve(body as unknown as CuratorGeneration);
      else reject(new StudioApiError(body?.error?.message ?? `The upload failed (HTTP ${xhr.status}).`));
    };
    xhr.onerror = () => reject(new StudioApiError('The connection failed during the upload.'));
    xhr.onabort = () => reject(new StudioApiError('Cancelled.'));
    xhr.open('POST', '/api/generations');
    const form = new FormData();
    form.set('file', file);
    xhr.send(form);
  });
  return { done, cancel: () => xhr.abort() };
}
