import 'server-only';
import { ApiError } from '@/lib/api/errors';
import type { Database } from '@/lib/db/client';
import { generations, type NewGeneration } from '@/lib/db/schema';
import { uuidV7 } from '@/lib/db/uuid-v7';
import { privateOriginalKey } from '@/lib/images/storage-keys';
import { analyzeImage, type ImageAnalysis, imageColumns } from '@/lib/ingest/analyze-image';
import { readExifUserComment } from '@/lib/ingest/exif-user-comment';
import { type GenerationParameters, readGenerationParameters } from '@/lib/ingest/generation-params';
import { readPngText } from '@/lib/ingest/png-chunks';
import { ImageTooLargeError, UnsupportedImageError } from '@/lib/ingest/read-image-header';
import type { Upload } from '@/lib/ingest/read-upload';
import { recordEvent } from '@/lib/moderation/generation-events';
import type { ObjectStore } from '@/lib/storage/object-store';
import { type GenerationFields, generationFieldsSchema, publishProblem } from './generation-fields';
import type { CuratorGeneration } from './curator-generation';
import { findGeneration, findGenerationBySha } from './generation-record';

export interface IngestResult {
  /** 201: a new draft; 200: these exact bytes were uploaded before, here is that generation. */
  status: 201 | 200;
  generation: CuratorGeneration;
}

/** Who sends a generation, and the state it starts in (lib/curation/uploader.ts makes one from a caller). */
export interface Uploader {
  curatorId: string | null;
  apiTokenId: string | null;
  /** The author when neither the request nor the file names one. */
  defaultAuthor: string;
  /** `submitted` waits for a curator (a `submit` token's); `draft` is a curator's own. */
  status: 'draft' | 'submitted';
  /** A `publish` token's generation is published next: refuse (422) before storing what could not be. */
  publishNext: boolean;
  /** Who its record names (lib/moderation/generation-events.ts). */
  by: string;
}

export interface IngestDeps {
  db: Database;
  /** Every upload's original goes here: a bucket or folder no public host serves. */
  privateStore: ObjectStore;
}

/** Every way an upload can be wrong, as the 4xx the curator sees (never a 5xx). */
async function analyzeUpload(bytes: Uint8Array): Promise<ImageAnalysis> {
  if (bytes.byteLength === 0) throw new ApiError('bad_request', 'The file is empty.');
  try {
    return await analyzeImage(bytes);
  } catch (error) {
    if (error instanceof ImageTooLargeError) throw new ApiError('payload_too_large', error.message);
    if (error instanceof UnsupportedImageError) {
      throw error.reason === 'format'
        ? new ApiError('unsupported_media_type', 'Upload a PNG, JPEG, WebP or AVIF image.')
        : new ApiError(
            'unprocessable_entity',
            `The image cannot be decoded (truncated or corrupt): ${error.message}`,
          );
    }
    throw error;
  }
}

function parametersIn(bytes: Uint8Array, analysis: ImageAnalysis): GenerationParameters | null {
  return readGenerationParameters({
    pngText: analysis.format === 'png' ? readPngText(bytes) : undefined,
    userComment: readExifUserComment(analysis.exif),
  });
}

/** Form fields win; what the file says fills in what the form left empty. */
function draftFields(fields: GenerationFields, found: GenerationParameters | null, uploader: string) {
  const { prompt, negativePrompt, model, seed, seedText, source, ...rest } = found ?? {};
  return {
    prompt: fields.prompt || prompt || '',
    negativePrompt: fields.negativePrompt || negativePrompt || null,
    model: fields.model || model || '',
    author: fields.author || uploader,
    rating: fields.rating ?? 'general',
    seed: fields.seed ?? seed ?? null,
    params: found ? { ...rest, ...(seedText ? { seedText } : {}), source } : {},
  };
}

function isUniqueViolation(error: unknown): boolean {
  for (let current = error; current; current = (current as { cause?: unknown }).cause) {
    if ((current as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

/**
 * One upload, end to end: checked (size, type, pixels, a full decode), analysed, its parameters
 * read, deduplicated by content hash, then the original stored before the row that points at it.
 * A row never points at nothing; an object whose row insert failed is removed, and any left by a
 * crash in between is removed by `sweepOrphans` (lib/curation/sweep-orphans.ts).
 */
export async function ingestUpload(
  deps: IngestDeps,
  upload: Upload,
  uploader: Uploader,
): Promise<IngestResult> {
  if (!upload.file) throw new ApiError('bad_request', 'The form has no `file` part.');
  const fields = generationFieldsSchema.parse(upload.fields);
  const { bytes } = upload.file;
  const analysis = await analyzeUpload(bytes);

  const existing = await findGenerationBySha(deps.db, analysis.sha256);
  if (existing) return { status: 200, generation: existing };

  const row: NewGeneration = {
    id: uuidV7(),
    status: uploader.status,
    ...imageColumns(analysis),
    curatorId: uploader.curatorId,
    apiTokenId: uploader.apiTokenId,
    ...draftFields(fields, parametersIn(bytes, analysis), uploader.defaultAuthor),
  };
  const problem = uploader.publishNext ? publishProblem(row) : null;
  if (problem) throw new ApiError('unprocessable_entity', problem);
  const originalKey = privateOriginalKey(analysis);
  await deps.privateStore.put(originalKey, bytes, { contentType: analysis.contentType });
  try {
    // The row and the first line of its record together.
    await deps.db.transaction(async (tx) => {
      await tx.insert(generations).values(row);
      await recordEvent(
        tx as unknown as Database,
        row.id!,
        uploader.status === 'submitted' ? 'submitted' : 'uploaded',
        uploader.by,
      );
    });
  } catch (error) {
    // The same bytes uploaded at the same moment: the other request's row stands, and uses this object.
    const winner = isUniqueViolation(error) ? await findGenerationBySha(deps.db, analysis.sha256) : null;
    if (winner) return { status: 200, generation: winner };
    await deps.privateStore.delete(originalKey).catch(() => undefined);
    throw error;
  }
  const generation = await findGeneration(deps.db, row.id!);
  if (!generation) throw new Error(`Generation ${row.id} vanished right after it was inserted`);
  return { status: 201, generation };
}
