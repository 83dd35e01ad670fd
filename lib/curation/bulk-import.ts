import 'server-only';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '@/lib/api/errors';
import { sourceLimits } from '@/lib/images/source-limits';
import { readBucketSource } from '@/lib/ingest/bucket-source';
import type { ObjectStore } from '@/lib/storage/object-store';
import { generationFieldsSchema } from './generation-fields';
import { findGeneration } from './generation-record';
import { type IngestDeps, ingestUpload, type Uploader } from './ingest-upload';
import { type PublishingDeps, publishGeneration } from './publishing';

/**
 * `npm run import` (scripts/import.ts): a catalogue that exists before the showcase, from a folder or
 * a bucket prefix, through the same ingest as every upload. Prompts come from the file (A1111 /
 * ComfyUI) or a sidecar `<name>.json` beside it (`{ "prompt", "negativePrompt", "model", "author",
 * "seed", "rating" }`; other keys are ignored, so a generator's own sidecars work). Idempotent by
 * content hash: a rerun, also after `kill -9`, finds what is there and makes only the rest.
 */
export interface ImportEntry {
  /** What the summary calls it: the path under the folder or the key under the prefix. */
  name: string;
  read(): Promise<Uint8Array>;
  /** The sidecar's text, or null without one. */
  sidecar(): Promise<string | null>;
}

export interface ImportOutcome {
  name: string;
  result: 'imported' | 'already there' | 'refused';
  /** Why it was refused (the same message an upload would get). */
  reason?: string;
  generationId?: string;
  /** With `publish`: queued for publishing now (false: it was public or publishing already). */
  publishing?: boolean;
  /** With `publish`: why it stays a draft (no prompt or model: a curator completes it in the studio). */
  notPublished?: string;
}

export interface ImportOptions {
  uploader: Uploader;
  /** Publish each one through the queue (new ones, and drafts an interrupted run left). */
  publish: boolean;
  /** What a generation without a rating of its own gets. */
  rating: 'general' | 'sensitive';
  /** Files read and analysed at once. */
  concurrency: number;
  onOutcome?: (outcome: ImportOutcome) => void;
}

const imageFile = /\.(png|jpe?g|webp|avif)$/i;
const sidecarKeys = ['prompt', 'negativePrompt', 'model', 'author', 'seed', 'rating'] as const;

/** Every image file under `dir` (recursively, in name order), with `<file>.json` as its sidecar. */
export async function folderEntries(dir: string): Promise<ImportEntry[]> {
  const files = (await fs.readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile() && imageFile.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  return files.map((file) => ({
    name: path.relative(dir, file),
    read: async () => {
      const { size } = await fs.stat(file);
      if (size > sourceLimits.maxBytes) throw new ApiError('payload_too_large', `The file is ${size} bytes.`);
      return new Uint8Array(await fs.readFile(file));
    },
    sidecar: () => fs.readFile(`${file}.json`, 'utf8').catch(() => null),
  }));
}

/** Every image object under `prefix` in the host app's bucket, with `<key>.json` as its sidecar. */
export async function bucketEntries(bucket: ObjectStore, prefix: string): Promise<ImportEntry[]> {
  const keys: string[] = [];
  for await (const object of bucket.list(prefix)) if (imageFile.test(object.key)) keys.push(object.key);
  // Read as a `bucketKey` request is (lib/ingest/bucket-source.ts): validated and bounded.
  const read = (key: string, maxBytes: number) =>
    readBucketSource(bucket, key, { maxBytes, timeoutMs: 60_000 });
  return keys.map((key) => ({
    name: key,
    read: () => read(key, sourceLimits.maxBytes),
    sidecar: async () => {
      const sidecar = `${key}.json`;
      if (!(await bucket.head(sidecar))) return null;
      return new TextDecoder().decode(await read(sidecar, 64 * 1024));
    },
  }));
}

/** The sidecar's known fields, validated as an upload's form; the run's rating where it names none. */
function fieldsFrom(sidecar: string | null, rating: ImportOptions['rating']): Record<string, unknown> {
  let parsed: unknown = {};
  if (sidecar !== null) {
    try {
      parsed = JSON.parse(sidecar);
    } catch {
      throw new ApiError('bad_request', 'Its sidecar .json is not JSON.');
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ApiError('bad_request', 'Its sidecar .json is not an object.');
  }
  const known = Object.fromEntries(
    sidecarKeys.filter((key) => key in parsed).map((key) => [key, (parsed as Record<string, unknown>)[key]]),
  );
  return generationFieldsSchema.parse({ rating, ...known });
}

function reasonOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.name === 'ZodError')
    return `Its sidecar has a bad field: ${error.message}`;
  if (error instanceof Error) return error.message;
  return String(error);
}

async function importOne(
  deps: IngestDeps & PublishingDeps,
  entry: ImportEntry,
  options: ImportOptions,
): Promise<ImportOutcome> {
  try {
    const fields = fieldsFrom(await entry.sidecar(), options.rating);
    const bytes = await entry.read();
    const { status, generation } = await ingestUpload(
      deps,
      { file: { bytes, filename: path.basename(entry.name), declaredType: '' }, fields },
      options.uploader,
    );
    const outcome: ImportOutcome = {
      name: entry.name,
      result: status === 201 ? 'imported' : 'already there',
      generationId: generation.id,
    };
    if (!options.publish) return outcome;
    // A draft is published: a new one, or one an interrupted run imported and did not get to publish.
    const current = await findGeneration(deps.db, generation.id);
    const waiting = current?.status === 'draft' || current?.status === 'failed';
    if (!waiting) return { ...outcome, publishing: false };
    try {
      await publishGeneration(deps, generation.id, options.uploader.by);
      return { ...outcome, publishing: true };
    } catch (error) {
      return { ...outcome, publishing: false, notPublished: reasonOf(error) };
    }
  } catch (error) {
    return { name: entry.name, result: 'refused', reason: reasonOf(error) };
  }
}

/** Imports every entry, `concurrency` at a time; never throws for one entry (it is refused, with why). */
export async function bulkImport(
  deps: IngestDeps & PublishingDeps,
  entries: readonly ImportEntry[],
  options: ImportOptions,
): Promise<ImportOutcome[]> {
  const outcomes: ImportOutcome[] = new Array(entries.length);
  let next = 0;
  async function worker(): Promise<void> {
    for (let i = next++; i < entries.length; i = next++) {
      const outcome = await importOne(deps, entries[i]!, options);
      outcomes[i] = outcome;
      options.onOutcome?.(outcome);
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  return outcomes;
}
