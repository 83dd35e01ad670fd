import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parityAlpha, parityCases, parityPhoto } from '@/lib/image-guard/parity-cases';
import { sniffImageFormat } from '@/lib/ingest/sniff-format';
import { createFsObjectStore } from '@/lib/storage/fs-object-store';
import { serveImageRequest } from './serve-image';
import { createTransformPool } from './transform-pool';
import type { VariantRequest } from './types';
import { createVariantCache } from './variant-cache';
import { createVariantService } from './variant-service';

/** The same table the Worker runs in workerd, here against the app's route with real sharp. */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-parity-'));
const store = createFsObjectStore(path.join(dir, 'objects'));
const service = createVariantService({
  async loadSource(storagePath) {
    const object = await store.get(storagePath);
    return object ? new Uint8Array(await new Response(object.body).arrayBuffer()) : null;
  },
  cache: createVariantCache({ dir: path.join(dir, 'variants'), maxBytes: 256 * 1024 * 1024 }),
  pool: createTransformPool({ concurrency: 2, maxQueue: 100 }),
});

const requested: VariantRequest[] = [];
const observed: Pick<typeof service, 'getVariant'> = {
  getVariant(storagePath, variantKey, request) {
    requested.push(request);
    return service.getVariant(storagePath, variantKey, request);
  },
};

beforeAll(async () => {
  const photo = await sharp({
    create: {
      width: 2400,
      height: 1600,
      channels: 3,
      background: '#3b6ea5',
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  })
    .jpeg({ quality: 80 })
    .toBuffer();
  const alpha = await sharp({
    create: { width: 2000, height: 2000, channels: 4, background: { r: 200, g: 80, b: 40, alpha: 0.5 } },
  })
    .png()
    .toBuffer();
  await store.put(parityPhoto, photo, { contentType: 'image/jpeg' });
  await store.put(parityAlpha, alpha, { contentType: 'image/png' });
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const nodeCases = parityCases.filter((c) => !c.runtimes || c.runtimes.includes('node'));

describe('parity: the app route answers the shared table', () => {
  it('runs most of the table (edge-only cases are the exception)', () => {
    expect(nodeCases.length).toBeGreaterThan(parityCases.length * 0.7);
  });

  it.each(nodeCases.map((c) => [c.name, c] as const))('%s', async (_name, parityCase) => {
    const headers = new Headers();
    if (parityCase.accept !== null) headers.set('accept', parityCase.accept);
    if (parityCase.referer) headers.set('referer', parityCase.referer);
    if (parityCase.userAgent) headers.set('user-agent', parityCase.userAgent);
    requested.length = 0;
    const response = await serveImageRequest(
      new Request(`http://localhost${parityCase.url}`, { method: parityCase.method ?? 'GET', headers }),
      observed,
    );

    expect(response.status).toBe(parityCase.expected.status);
    for (const [name, value] of Object.entries(parityCase.expected.headers)) {
      expect(response.headers.get(name), name).toBe(value);
    }
    const body = new Uint8Array(await response.arrayBuffer());
    if (parityCase.expected.emptyBody) expect(body.byteLength).toBe(0);

    const expectedTransform = parityCase.expected.transform;
    if (expectedTransform && parityCase.expected.status === 200) {
      const { width, height, quality, format } = expectedTransform;
      expect(requested).toEqual([{ width, ...(height !== undefined ? { height } : {}), quality, format }]);
      if (!parityCase.expected.emptyBody) {
        // Content-Type names the bytes actually produced, and the pixels are what was asked for.
        expect(`image/${sniffImageFormat(body)}`).toBe(response.headers.get('content-type'));
        const meta = await sharp(body).metadata();
        expect(meta.width).toBe(width);
        if (height !== undefined) expect(meta.height).toBe(height);
      }
    } else if (expectedTransform === null) {
      expect(requested).toEqual([]);
    }
  });
});
