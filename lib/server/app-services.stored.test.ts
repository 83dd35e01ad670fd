import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFsObjectStore } from '@/lib/storage/fs-object-store';
import { answerImageRequest, type ImageRequestEvent } from '@/lib/transform/serve-image';
import { installTestAppServices, type TestAppServices } from '@/tests/support/test-app-services';
import { jpeg } from '@/tests/support/test-images';

const SOURCE = `g/${'d'.repeat(64)}.jpg`;
const input = (transforms: string) => ({
  method: 'GET',
  pathname: `/i/${transforms}/${SOURCE}`,
  accept: 'image/avif,image/webp,*/*',
  referer: null,
  userAgent: null,
});

const shared = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-shared-store-'));
const stores = {
  public: createFsObjectStore(path.join(shared, 'public')),
  private: createFsObjectStore(path.join(shared, 'private')),
};
/** Two app instances (each its own variant cache dir and memory tier) over one public store. */
const instances: TestAppServices[] = [];
let stored: Buffer;

beforeAll(async () => {
  const original = await jpeg(1200, 800);
  stored = await sharp(original).resize(640).avif({ quality: 40, effort: 0 }).toBuffer();
  await stores.public.put(SOURCE, original, { contentType: 'image/jpeg' });
  await stores.public.put(`v/${SOURCE}/w-640,q-75.avif`, stored, { contentType: 'image/avif' });
  for (let i = 0; i < 2; i++) instances.push(await installTestAppServices({ stores }));
}, 120_000);
afterEach(() => {
  vi.restoreAllMocks();
});
afterAll(async () => {
  for (const services of instances) await services.close();
  fs.rmSync(shared, { recursive: true, force: true });
});

// The wiring `npm start` has (createAppServices): the variant service reads the public store's
// display set, so two instances over one store answer a stored variant identically, encoding nothing.
describe('the app reads stored display variants from its public store', () => {
  it('two instances, one store, different cache dirs: identical answers, zero encodes, tier "store"', async () => {
    const events: ImageRequestEvent[] = [];
    for (const services of instances) {
      const run = vi.spyOn(services.pool, 'run');
      const answer = await answerImageRequest(input('w-640'), services.variants, {
        address: '203.0.113.9',
        observe: (event) => events.push(event),
      });
      expect(run).not.toHaveBeenCalled();
      expect(answer.status).toBe(200);
      expect(answer.headers).toEqual({
        'Content-Type': 'image/avif',
        'Cache-Control': 'public, max-age=31536000, immutable',
        Vary: 'Accept',
        'X-Content-Type-Options': 'nosniff',
        'Access-Control-Allow-Origin': '*',
        'Timing-Allow-Origin': '*',
        'Content-Length': String(stored.byteLength),
      });
      expect(Buffer.from(answer.body as Uint8Array).equals(stored)).toBe(true);
    }
    expect(events.map((event) => event.cache)).toEqual(['store', 'store']);
  });

  it('a variant outside the set (q-80) is transformed', async () => {
    const services = instances[0]!;
    const run = vi.spyOn(services.pool, 'run');
    const events: ImageRequestEvent[] = [];
    const answer = await answerImageRequest(input('w-640,q-80'), services.variants, {
      address: null,
      observe: (event) => events.push(event),
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['Content-Type']).toBe('image/avif');
    expect(run).toHaveBeenCalledTimes(1);
    expect(events.map((event) => event.cache)).toEqual(['miss']);
  });
});
