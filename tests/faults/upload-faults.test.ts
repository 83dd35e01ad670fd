import { afterAll, beforeAll, expect, it } from 'vitest';
import * as generationsRoute from '@/app/api/generations/route';
import { fileForm, installWithCurator, origin } from '@/tests/support/curator-api';
import type { TestAppServices } from '@/tests/support/test-app-services';
import { jpeg } from '@/tests/support/test-images';

/**
 * A curator's connection drops in the middle of an upload: the body stream fails after part of the
 * file. The route answers with the error contract (never a 5xx), and nothing is left anywhere: no
 * row, no object in either store, no temporary file.
 */
let services: TestAppServices;
let cookie: string;

beforeAll(async () => {
  ({ services, cookie } = await installWithCurator('cut@vitrine.test', 'a long enough password'));
});
afterAll(() => services?.close());

async function keys(which: 'public' | 'private'): Promise<string[]> {
  const found: string[] = [];
  for await (const object of services.stores[which].list('')) found.push(object.key);
  return found;
}

it.each([0.1, 0.5, 0.95])('an upload cut after %d of its body leaves nothing behind', async (share) => {
  const encoded = new Response(fileForm(await jpeg(1200, 900), 'cut.jpg', { prompt: 'cut' }));
  const bytes = new Uint8Array(await encoded.arrayBuffer());
  const cutAt = Math.floor(bytes.byteLength * share);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes.subarray(0, cutAt));
      setTimeout(() => controller.error(new Error('ECONNRESET: the curator went offline')), 20);
    },
  });
  const request = new Request(`${origin}/api/generations`, {
    method: 'POST',
    body,
    duplex: 'half',
    headers: {
      origin,
      host: new URL(origin).host,
      cookie,
      'content-type': encoded.headers.get('content-type')!,
      'content-length': String(bytes.byteLength),
    },
  } as RequestInit);
  const response = await generationsRoute.POST(request);
  expect(response.status).toBeGreaterThanOrEqual(400);
  expect(response.status).toBeLessThan(500);
  expect(Object.keys((await response.json()) as object)).toEqual(['error']);
  expect(await services.handle.db.query.generations.findMany()).toEqual([]);
  expect(await keys('private')).toEqual([]);
  expect(await keys('public')).toEqual([]);
});
