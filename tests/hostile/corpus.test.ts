import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import sharp, { type Metadata } from 'sharp';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { addCurator } from '@/lib/auth/curators';
import type { CuratorGeneration } from '@/lib/curation/curator-generation';
import { generations } from '@/lib/db/schema';
import { sniffImageFormat } from '@/lib/ingest/sniff-format';
import { serveImageRequest } from '@/lib/transform/serve-image';
import { call, fileForm, logInAs, origin, waitUntilPublished } from '@/tests/support/curator-api';
import { installTestAppServices, type TestAppServices } from '@/tests/support/test-app-services';
import {
  type AcceptedCase,
  COLOUR_TOLERANCE,
  type CorpusCase,
  corpusCases,
  isAccepted,
  type RejectedCase,
  type SharpView,
} from './corpus-cases';

/**
 * Every file of the hostile corpus through the real upload route (PGlite, fs stores), publish, and
 * the `/i/` guard's Web adapter: accepted files come out as right-sized, metadata-free images;
 * rejected ones get their exact 4xx, leave nothing behind, and, planted in the public store anyway,
 * never come out of the guard as a cacheable or non-image answer.
 */

const corpusDir = path.join(import.meta.dirname, 'corpus');
const email = 'corpus@vitrine.test';
const password = 'a long enough password';
/** Per file, and for the whole folder: the corpus is committed. */
const MAX_FILE_BYTES = 60 * 1024;
const MAX_CORPUS_BYTES = 1.5 * 1024 * 1024;
/** What a stuck decode may cost a visitor before the guard must have answered. */
const GUARD_DEADLINE_MS = 20_000;

const accepted = corpusCases.filter(isAccepted);
const rejected = corpusCases.filter((c): c is RejectedCase => !isAccepted(c));

const read = (file: string) => new Uint8Array(fs.readFileSync(path.join(corpusDir, file)));
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let services: TestAppServices;
let cookie: string;
/** Ingest statuses as observed, for the summary line. */
const ingestStatuses = new Map<string, number>();
/** Accepted file → its published storage key. */
const published = new Map<string, string>();

beforeAll(async () => {
  services = await installTestAppServices();
  await addCurator(services.handle.db, email, password);
  cookie = await logInAs(email, password);
}, 60_000);

afterAll(async () => {
  const statuses = [...ingestStatuses.values()];
  console.log(
    `corpus: ${corpusCases.length} files, ${statuses.filter((s) => s === 201).length} accepted, ` +
      `${statuses.filter((s) => s >= 400 && s < 500).length} rejected, ` +
      `${statuses.filter((s) => s >= 500).length} server errors at ingest`,
  );
  await services?.close();
});

/** The GPS IFD pointer tag (0x8825) in either TIFF byte order. */
function exifHasGps(exif: Buffer): boolean {
  return exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88]));
}

function sharpView(metadata: Metadata): Required<SharpView> {
  return {
    format: metadata.format,
    width: metadata.width,
    height: metadata.height,
    pages: metadata.pages ?? 1,
    orientation: metadata.orientation ?? 1,
    space: metadata.space ?? '',
    depth: metadata.depth ?? '',
    bitsPerSample: metadata.bitsPerSample ?? 8,
    channels: metadata.channels,
    compression: metadata.compression ?? '',
    isProgressive: metadata.isProgressive,
    isPalette: metadata.isPalette,
    hasAlpha: metadata.hasAlpha,
    hasExif: Boolean(metadata.exif),
    hasGps: metadata.exif ? exifHasGps(metadata.exif) : false,
    hasXmp: Boolean(metadata.xmp),
    hasIcc: Boolean(metadata.icc),
  };
}

async function upload(c: CorpusCase): Promise<Response> {
  const form = fileForm(read(c.file), c.file, { prompt: `corpus file ${c.file}`, model: 'corpus' });
  return call('POST', '/api/generations', { cookie, body: form });
}

async function storedKeys(): Promise<string[]> {
  const keys: string[] = [];
  for (const store of [services.stores.public, services.stores.private]) {
    for await (const object of store.list('')) keys.push(object.key);
  }
  return keys;
}

async function readPublic(key: string): Promise<Uint8Array> {
  const object = await services.stores.public.get(key);
  if (!object) throw new Error(`${key} is not in the public store`);
  return new Uint8Array(await new Response(object.body).arrayBuffer());
}

async function guard(storagePath: string, accept: string): Promise<{ response: Response; ms: number }> {
  const startedAt = Date.now();
  const response = await serveImageRequest(
    new Request(`${origin}/i/w-640/${storagePath}`, { headers: { accept } }),
    services.variants,
  );
  // The body is read inside the measured time: a stream that stalls is as bad as a late status.
  const body = new Uint8Array(await response.arrayBuffer());
  return { response: new Response(body, response), ms: Date.now() - startedAt };
}

/** Mean RGB of a w/8 × h/8 patch centred at (fx·w, fy·h). */
async function meanColour(bytes: Uint8Array, fx: number, fy: number): Promise<[number, number, number]> {
  const { width, height } = await sharp(bytes).metadata();
  const [w, h] = [Math.max(1, Math.floor(width / 8)), Math.max(1, Math.floor(height / 8))];
  const left = Math.max(0, Math.min(width - w, Math.floor(fx * width - w / 2)));
  const top = Math.max(0, Math.min(height - h, Math.floor(fy * height - h / 2)));
  // stats() would describe the whole input, not the extracted patch: average the raw patch instead.
  const patch = await sharp(bytes).extract({ left, top, width: w, height: h }).removeAlpha().raw().toBuffer();
  const sums = [0, 0, 0];
  for (let i = 0; i < patch.length; i += 3) for (let c = 0; c < 3; c++) sums[c]! += patch[i + c]!;
  const [r, g, b] = sums.map((sum) => Math.round(sum / (patch.length / 3)));
  return [r!, g!, b!];
}

describe('the corpus on disk', () => {
  it('holds exactly the files the table names, each small, the folder small', () => {
    const names = fs.readdirSync(corpusDir).sort();
    expect(names).toEqual(corpusCases.map((c) => c.file).sort());
    expect(new Set(names).size).toBe(corpusCases.length);
    const sizes = names.map((name) => fs.statSync(path.join(corpusDir, name)).size);
    for (const [i, size] of sizes.entries()) expect(size, names[i]).toBeLessThanOrEqual(MAX_FILE_BYTES);
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(MAX_CORPUS_BYTES);
    // No two files are the same bytes: a dedupe would hide one of them from ingest.
    expect(new Set(names.map((name) => sha256(read(name)))).size).toBe(names.length);
  });

  it.each(corpusCases)('$file is what the table says (sharp reads it on its own)', async (c) => {
    // sharp refuses an empty buffer in its constructor, before metadata() could reject.
    const seen = await (async () => sharpView(await sharp(read(c.file)).metadata()))().catch(
      (error: Error) => ({ error: error.message }),
    );
    if ('error' in c.sharpSees) {
      expect(seen).toHaveProperty('error');
      expect((seen as { error: string }).error).toContain(c.sharpSees.error);
    } else {
      expect(seen).toMatchObject(c.sharpSees);
    }
  });
});

describe('ingest through POST /api/generations, then publish', () => {
  it.each(accepted)('$file → 201, published without metadata', async (c: AcceptedCase) => {
    const bytes = read(c.file);
    const response = await upload(c);
    ingestStatuses.set(c.file, response.status);
    expect(response.status, await response.clone().text()).toBe(201);
    const draft = (await response.json()) as CuratorGeneration;
    expect(draft).toMatchObject({
      status: 'draft',
      format: c.ingest.format,
      width: c.ingest.width,
      height: c.ingest.height,
      src: `g/${sha256(bytes)}.${c.file.split('.').pop()}`,
    });

    // The same bytes again: the same generation, 200.
    const again = await upload(c);
    expect(again.status).toBe(200);
    expect(((await again.json()) as CuratorGeneration).id).toBe(draft.id);

    const publish = await call('POST', `/api/generations/${draft.id}/publish`, { cookie });
    expect(publish.status, await publish.clone().text()).toBe(200);
    // Live once the publish queue stored its display set.
    const generation = await waitUntilPublished(draft.id, cookie);
    expect(generation.status).toBe('public');
    published.set(c.file, generation.src);

    const original = await readPublic(generation.src);
    const metadata = await sharp(original).metadata();
    expect({
      exif: metadata.exif,
      xmp: metadata.xmp,
      iptc: metadata.iptc,
      comments: metadata.comments,
    }).toEqual({ exif: undefined, xmp: undefined, iptc: undefined, comments: undefined });
    // Displayed size is what the public copy shows (rotated into place when the upload was sideways).
    expect(metadata.autoOrient).toEqual({ width: c.ingest.width, height: c.ingest.height });
    expect(metadata.pages ?? 1).toBe(c.publicPages ?? 1);
    const text = Buffer.from(original).toString('latin1');
    for (const leak of ['<script', '<html', 'PhoneMaker', 'Jane Doe']) expect(text).not.toContain(leak);
    for (const kept of c.publicKeeps ?? []) expect(text).toContain(kept);
    // The colour profile is not personal data: a tagged upload keeps its exact profile.
    expect(metadata.icc ?? null).toEqual((await sharp(bytes).metadata()).icc ?? null);
  });

  it.each(rejected)('$file → $ingest.status $ingest.code, nothing left behind', async (c: RejectedCase) => {
    const hash = sha256(read(c.file));
    const response = await upload(c);
    ingestStatuses.set(c.file, response.status);
    expect(response.status).toBe(c.ingest.status);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe(c.ingest.code);
    expect(body.error.message).toEqual(expect.any(String));

    const rows = await services.handle.db
      .select({ id: generations.id })
      .from(generations)
      .where(eq(generations.sha256, hash));
    expect(rows).toEqual([]);
    expect((await storedKeys()).filter((key) => key.includes(hash))).toEqual([]);
  });
});

describe('the /i/ guard', () => {
  it.each(accepted)('$file: w-640 → 200, a real image no wider than 640', async (c: AcceptedCase) => {
    const src = published.get(c.file);
    expect(src, 'published by the ingest test').toBeDefined();
    const expectedWidth = Math.min(640, c.ingest.width);
    const expectedHeight = Math.max(1, Math.round((c.ingest.height * expectedWidth) / c.ingest.width));
    for (const [accept, type] of [
      ['image/jpeg', c.guard.jpegAcceptType],
      ['image/avif,image/webp', 'image/avif'],
    ] as const) {
      const { response, ms } = await guard(src!, accept);
      expect(ms).toBeLessThan(GUARD_DEADLINE_MS);
      expect(response.status).toBe(c.guard.status);
      expect(response.headers.get('content-type')).toBe(type);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      const bytes = new Uint8Array(await response.arrayBuffer());
      const metadata = await sharp(bytes).metadata();
      expect({
        width: metadata.width,
        height: metadata.height,
        exif: metadata.exif,
        icc: metadata.icc,
      }).toEqual({
        width: expectedWidth,
        height: expectedHeight,
        exif: undefined,
        icc: undefined,
      });
      expect(metadata.width).toBeLessThanOrEqual(640);
      // Animations come out as their first frame.
      expect(metadata.pages ?? 1).toBe(1);
      // Decodes all the way, not just its header.
      await expect(sharp(bytes, { failOn: 'error' }).raw().toBuffer()).resolves.toHaveLength(
        expectedWidth * expectedHeight * (metadata.channels ?? 0),
      );
      for (const { at, rgb } of c.colours ?? []) {
        const seen = await meanColour(bytes, at[0], at[1]);
        const off = Math.max(...seen.map((value, i) => Math.abs(value - rgb[i]!)));
        expect(off, `${type} at ${at} is ${seen}, expected ${rgb}`).toBeLessThanOrEqual(COLOUR_TOLERANCE);
      }
    }
  });

  it.each(rejected)(
    '$file planted as g/<sha256>.$guard.storedAs → $guard.status, no-store, never an image 200',
    async (c: RejectedCase) => {
      const bytes = read(c.file);
      const key = `g/${sha256(bytes)}.${c.guard.storedAs}`;
      await services.stores.public.put(key, bytes, { contentType: 'application/octet-stream' });
      // A bad source is the operator's problem: each failure is logged with its key (and kept off
      // the test's output).
      const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      onTestFinished(() => logged.mockRestore());
      for (const accept of ['image/jpeg', 'image/avif,image/webp']) {
        logged.mockClear();
        const { response, ms } = await guard(key, accept);
        expect(logged.mock.calls.map((args) => String(args[0])).join('\n')).toContain(key);
        expect(ms).toBeLessThan(GUARD_DEADLINE_MS);
        expect(response.status).toBe(c.guard.status);
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.headers.get('cache-control')).toBe('no-store');
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
        expect(response.headers.get('content-type')).not.toMatch(/^image\//);
        const body = new Uint8Array(await response.arrayBuffer());
        expect(sniffImageFormat(body)).toBeNull();
        // Neither the planted bytes nor any part of them are echoed back.
        expect(Buffer.from(body).toString('latin1')).not.toMatch(/<script|<html|%PDF|GIF89a/);
      }
    },
  );
});
