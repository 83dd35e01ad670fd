import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sniffImageFormat } from '@/lib/ingest/sniff-format';
import { parseImagePath } from '@/lib/image-guard/parse-path';
import { formatContentTypes } from '@/lib/images/ladder';
import { createFsObjectStore } from '@/lib/storage/fs-object-store';
import { type ParityCase, parityAlpha, parityCases, parityPhoto } from '@/tests/support/parity-cases';
import { serveNodeImageRequest } from './node-image-adapter';
import { serveImageRequest } from './serve-image';
import { createStoredVariantLoader } from './stored-variants';
import { createTransformPool } from './transform-pool';
import type { VariantRequest } from './types';
import { createVariantCache } from './variant-cache';
import { createVariantService } from './variant-service';

/**
 * The same table the Worker runs in workerd, here against the app's two adapters with real sharp:
 * the Node http adapter `npm start` answers `/i/` with (over a real socket, raw request targets), and
 * the Web adapter of Next's route (`next dev`).
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-parity-'));
const store = createFsObjectStore(path.join(dir, 'objects'));
const service = createVariantService({
  async loadSource(storagePath) {
    const object = await store.get(storagePath);
    return object ? new Uint8Array(await new Response(object.body).arrayBuffer()) : null;
  },
  loadStored: createStoredVariantLoader(store),
  cache: createVariantCache({ dir: path.join(dir, 'variants'), maxBytes: 256 * 1024 * 1024 }),
  pool: createTransformPool({ concurrency: 2, maxQueue: 100 }),
});

const requested: VariantRequest[] = [];
const storedKeys: (string | null)[] = [];
const tiers: string[] = [];
const observed: Pick<typeof service, 'getVariant'> = {
  async getVariant(storagePath, variantKey, request, context) {
    requested.push(request);
    storedKeys.push(context?.storedKey ?? null);
    const result = await service.getVariant(storagePath, variantKey, request, context);
    if (result) tiers.push(result.cacheStatus);
    return result;
  },
};

const fastEncodings = {
  avif: { quality: 40, effort: 0 },
  webp: { quality: 40, effort: 0 },
  jpeg: { quality: 40 },
  png: { compressionLevel: 1, effort: 1, palette: true },
} as const;

/** The fixtures' bytes, to make each stored case's object from. */
const sources = new Map<string, Buffer>();

/**
 * Puts the case's stored display variant in the store: real bytes of that variant (so the pixel checks
 * hold) encoded at q-40 with the fastest settings, unlike what the transform makes, so the answer shows it came from the store.
 * The source's cached variants are dropped first, so the store is what answers.
 */
async function provideStored(parityCase: ParityCase): Promise<Buffer> {
  const { storedKey, transform } = parityCase.expected;
  const source = sources.get(storagePathOf(parityCase));
  if (!storedKey || !transform || !source)
    throw new Error(`${parityCase.name}: a stored case needs a fixture`);
  // The fastest encoder settings: a 1,920 px AVIF at the default effort takes seconds on a busy machine.
  const bytes = await sharp(source)
    .resize(transform.width)
    .toFormat(transform.format, fastEncodings[transform.format])
    .toBuffer();
  await store.put(storedKey, bytes, { contentType: formatContentTypes[transform.format] });
  await service.purge(storagePathOf(parityCase));
  return bytes;
}

async function removeStored(parityCase: ParityCase): Promise<void> {
  await store.delete(parityCase.expected.storedKey ?? '');
  await service.purge(storagePathOf(parityCase));
}

function storagePathOf(parityCase: ParityCase): string {
  const parsed = parseImagePath(new URL(parityCase.url, 'http://localhost').pathname);
  if (!parsed.ok) throw new Error(`${parityCase.name}: not a storage path`);
  return parsed.storagePath;
}

interface Answer {
  status: number;
  header(name: string): string | null;
  body: Uint8Array;
}

function requestHeaders(parityCase: ParityCase): Record<string, string> {
  return {
    ...(parityCase.accept !== null ? { accept: parityCase.accept } : {}),
    ...(parityCase.referer ? { referer: parityCase.referer } : {}),
    ...(parityCase.userAgent ? { 'user-agent': parityCase.userAgent } : {}),
  };
}

let nodeServer: http.Server;
let nodePort = 0;

/** The request target goes out byte for byte as the table writes it: no client normalizes it first. */
function throughNodeAdapter(parityCase: ParityCase): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port: nodePort,
        path: parityCase.url,
        method: parityCase.method ?? 'GET',
        headers: requestHeaders(parityCase),
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            header: (name) => {
              const value = response.headers[name.toLowerCase()];
              return value === undefined ? null : String(value);
            },
            body: new Uint8Array(Buffer.concat(chunks)),
          }),
        );
      },
    );
    request.on('error', reject);
    request.end();
  });
}

async function throughWebAdapter(parityCase: ParityCase): Promise<Answer> {
  const response = await serveImageRequest(
    new Request(`http://localhost${parityCase.url}`, {
      method: parityCase.method ?? 'GET',
      headers: requestHeaders(parityCase),
    }),
    observed,
  );
  return {
    status: response.status,
    header: (name) => response.headers.get(name),
    body: new Uint8Array(await response.arrayBuffer()),
  };
}

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
  sources.set(parityPhoto, photo).set(parityAlpha, alpha);
  await store.put(parityAlpha, alpha, { contentType: 'image/png' });
  nodeServer = http.createServer((request, response) => {
    void serveNodeImageRequest(request, response, observed);
  });
  await new Promise<void>((resolve) => nodeServer.listen(0, '127.0.0.1', resolve));
  nodePort = (nodeServer.address() as AddressInfo).port;
}, 60_000);

afterAll(async () => {
  await new Promise((resolve) => nodeServer?.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

const nodeCases = parityCases.filter((c) => !c.runtimes || c.runtimes.includes('node'));

it('runs most of the table in Node (edge-only cases are the exception)', () => {
  expect(nodeCases.length).toBeGreaterThan(parityCases.length * 0.7);
});

describe.each([
  ['the Node http adapter (npm start)', throughNodeAdapter],
  ['the Web adapter (Next route)', throughWebAdapter],
] as const)('parity through %s', (_adapter, send) => {
  it.each(nodeCases.map((c) => [c.name, c] as const))('%s', async (_name, parityCase) => {
    requested.length = 0;
    storedKeys.length = 0;
    tiers.length = 0;
    const stored = parityCase.stored ? await provideStored(parityCase) : null;
    let answer: Answer;
    try {
      answer = await send(parityCase);
    } finally {
      if (stored) await removeStored(parityCase);
    }

    expect(answer.status).toBe(parityCase.expected.status);
    for (const [name, value] of Object.entries(parityCase.expected.headers)) {
      expect(answer.header(name), name).toBe(value);
    }
    if (parityCase.expected.emptyBody) expect(answer.body.byteLength).toBe(0);

    const expectedTransform = parityCase.expected.transform;
    if (expectedTransform && parityCase.expected.status === 200) {
      const { width, height, quality, format } = expectedTransform;
      expect(requested).toEqual([{ width, ...(height !== undefined ? { height } : {}), quality, format }]);
      expect(storedKeys).toEqual([parityCase.expected.storedKey ?? null]);
      if (stored) {
        // Served from the stored object: its exact bytes, no transform.
        expect(tiers).toEqual(['store']);
        if (!parityCase.expected.emptyBody) expect(Buffer.from(answer.body).equals(stored)).toBe(true);
      } else {
        expect(tiers).toHaveLength(1);
        expect(tiers[0]).not.toBe('store');
      }
      if (!parityCase.expected.emptyBody) {
        // Content-Type names the bytes actually produced, and the pixels are what was asked for.
        expect(`image/${sniffImageFormat(answer.body)}`).toBe(answer.header('content-type'));
        const meta = await sharp(answer.body).metadata();
        expect(meta.width).toBe(width);
        if (height !== undefined) expect(meta.height).toBe(height);
      }
    } else if (expectedTransform === null) {
      expect(requested).toEqual([]);
    }
  });
});
