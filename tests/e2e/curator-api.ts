import type { APIRequestContext } from '@playwright/test';
import { solid } from '../support/test-images';
import { expect } from './fixtures';

/** The suite server's first curator (tests/e2e/serve.sh) and the origin its writes must carry. */
export const curator = { email: 'curator@vitrine.test', password: 'e2e curator password' };
export const suiteOrigin = 'http://127.0.0.1:3100';

/** New bytes on every call (the suite's data directory is kept between runs, and uploads are deduplicated). */
export function freshImage(width = 640, height = 400): Promise<Buffer> {
  const channel = () => Math.floor(Math.random() * 256);
  return solid(width, height, { r: channel(), g: channel(), b: channel() }).png().toBuffer();
}

export async function logInCurator(request: APIRequestContext): Promise<void> {
  const login = await request.post('/api/auth/login', { data: curator, headers: { origin: suiteOrigin } });
  expect(login.status()).toBe(200);
}

export interface PublishOptions {
  prompt: string;
  rating?: 'general' | 'sensitive';
  author?: string;
}

/** Uploads one new picture as a logged-in curator and publishes it; resolves once it is public. */
export async function publishFresh(request: APIRequestContext, options: PublishOptions): Promise<string> {
  const sent = await request.post('/api/generations', {
    headers: { origin: suiteOrigin },
    multipart: {
      file: { name: 'new.png', mimeType: 'image/png', buffer: await freshImage() },
      prompt: options.prompt,
      model: 'Vitrine XL',
      author: options.author ?? 'newcomer',
      rating: options.rating ?? 'general',
    },
  });
  expect(sent.status(), await sent.text()).toBe(201);
  const { id } = (await sent.json()) as { id: string };
  const published = await request.post(`/api/generations/${id}/publish`, {
    headers: { origin: suiteOrigin },
  });
  expect(published.status()).toBe(200);
  await expect
    .poll(
      async () => ((await (await request.get(`/api/generations/${id}`)).json()) as { status: string }).status,
      { timeout: 60_000 },
    )
    .toBe('public');
  return id;
}

/** Deletes what a spec published, so the specs after it find the feed as the suite made it. */
export async function deleteGeneration(request: APIRequestContext, id: string): Promise<void> {
  const answer = await request.delete(`/api/generations/${id}`, { headers: { origin: suiteOrigin } });
  expect([200, 204, 404]).toContain(answer.status());
}
