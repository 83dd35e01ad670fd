import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createApiToken } from '@/lib/auth/api-tokens';
import { parseImportAllowedHosts } from '@/lib/ingest/fetch-source';
import { call } from '@/tests/support/curator-api';
import {
  type S3rverTestServer,
  s3rverStore,
  startS3rverTestServer,
} from '@/tests/support/s3rver-test-server';
import { installTestAppServices, type TestAppServices } from '@/tests/support/test-app-services';
import { solid } from '@/tests/support/test-images';

/**
 * The TypeScript example in docs/publishing-api.md, run as written: taken from the page, its `fetch`
 * answered by the app's route handlers, its bucket an s3rver bucket named as IMPORT_S3_BUCKET would.
 * If the example stops working against the code, this fails.
 */
let services: TestAppServices;
let s3: S3rverTestServer;
let example: string;

beforeAll(async () => {
  s3 = await startS3rverTestServer(['host-app']);
  const bucket = s3rverStore(s3, 'host-app');
  await bucket.put('users/42/gen/x.jpg', await solid(900, 600, { r: 90, g: 40, b: 200 }).jpeg().toBuffer(), {
    contentType: 'image/jpeg',
  });
  services = await installTestAppServices({
    imports: {
      fetch: {
        allowedHosts: parseImportAllowedHosts(''),
        timeoutMs: 5_000,
        maxRedirects: 3,
      },
      bucket,
    },
  });
  process.env.VITRINE_TOKEN = (
    await createApiToken(services.handle.db, { name: 'host-app', scope: 'publish', lifetimeMs: null })
  ).token;
  const page = fs.readFileSync(
    path.join(import.meta.dirname, '..', '..', '..', 'docs', 'publishing-api.md'),
    'utf8',
  );
  const section = page.slice(page.indexOf("## A host app publishing a user's generation"));
  example = /```ts\n([\s\S]*?)```/.exec(section)![1]!;
}, 60_000);
afterAll(async () => {
  vi.unstubAllGlobals();
  delete process.env.VITRINE_TOKEN;
  await services?.close();
  await s3?.stop();
});

it("the documented host-app example publishes a generation from the host app's bucket", async () => {
  // Its requests reach the route handlers, as a server's would reach the app.
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    const { pathname } = new URL(url);
    return call(init.method ?? 'GET', pathname, {
      origin: null,
      headers: init.headers as Record<string, string>,
      ...(init.body ? { body: init.body } : {}),
    });
  });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-example-')), 'example.ts');
  fs.writeFileSync(file, example);
  const { showcase } = (await import(/* @vite-ignore */ file)) as {
    showcase: (gen: {
      key: string;
      prompt: string;
      model: string;
      user: string;
      nsfw: boolean;
    }) => Promise<string>;
  };
  const link = await showcase({
    key: 'users/42/gen/x.jpg',
    prompt: 'a violet field',
    model: 'flux-dev',
    user: 'u42',
    nsfw: false,
  });
  expect(link).toMatch(/^https:\/\/showcase\.example\/g\/[0-9a-f-]{36}$/);
  const id = link.split('/').at(-1)!;
  const answer = await call('GET', `/api/generations/${id}`, {
    origin: null,
    headers: { authorization: `Bearer ${process.env.VITRINE_TOKEN}` },
  });
  expect(await answer.json()).toMatchObject({
    status: 'public',
    prompt: 'a violet field',
    author: 'u42',
    rating: 'general',
  });
  // Sent again (a retry after a timeout): the same generation, nothing new.
  expect(
    await showcase({
      key: 'users/42/gen/x.jpg',
      prompt: 'a violet field',
      model: 'flux-dev',
      user: 'u42',
      nsfw: false,
    }),
  ).toBe(link);
}, 60_000);
