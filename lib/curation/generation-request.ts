import 'server-only';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ApiError } from '@/lib/api/errors';
import { readJsonBody } from '@/lib/api/read-json';
import { readBucketSource } from '@/lib/ingest/bucket-source';
import { fetchSource, type SourceFetchOptions } from '@/lib/ingest/fetch-source';
import { readUpload, type Upload } from '@/lib/ingest/read-upload';
import type { ObjectStore } from '@/lib/storage/object-store';
import { generationFieldsSchema } from './generation-fields';

/** Where `POST /api/generations` may take bytes from besides the request itself. */
export interface ImportSources {
  /**
   * `sourceUrl`: how it is fetched (SSRF-safe: lib/ingest/fetch-source.ts); its bytes are bounded by
   * the request's own limit, as an upload's are.
   */
  fetch: Omit<SourceFetchOptions, 'maxBytes'>;
  /** `bucketKey`: the host app's bucket (IMPORT_S3_BUCKET), or null when none is named. */
  bucket: ObjectStore | null;
}

/** An upload's bounds: the request body's bytes (UPLOAD_MAX_MB) and how long it may take. */
export interface RequestLimits {
  maxBytes: number;
  timeoutMs: number;
}

/** JSON: the fields of a multipart upload, and exactly one of `sourceUrl` or `bucketKey`. */
export const generationSourceSchema = z
  .object({
    ...generationFieldsSchema.shape,
    sourceUrl: z
      .string({ error: 'sourceUrl must be text' })
      .max(2048, 'sourceUrl has at most 2048 characters'),
    bucketKey: z
      .string({ error: 'bucketKey must be text' })
      .max(1024, 'bucketKey has at most 1024 characters'),
  })
  .partial()
  .strict()
  .refine((body) => (body.sourceUrl === undefined) !== (body.bucketKey === undefined), {
    message: 'Send exactly one of sourceUrl or bucketKey (or a multipart form with a file)',
  });

/** What a request asks for, before any byte is fetched: the fields and where the bytes are. */
export interface GenerationRequest {
  fields: Record<string, unknown>;
  source:
    | { kind: 'file'; file: NonNullable<Upload['file']> | null }
    | { kind: 'url'; url: string }
    | { kind: 'bucket'; key: string };
}

/**
 * Reads `POST /api/generations`, whichever way it came: a multipart form with the file (read whole,
 * bounded), or JSON naming a URL or a key in the host app's bucket (nothing fetched yet).
 */
export async function readGenerationRequest(
  request: Request,
  limits: RequestLimits,
): Promise<GenerationRequest> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'multipart/form-data') {
    const upload = await readUpload(request, limits);
    return { fields: upload.fields, source: { kind: 'file', file: upload.file } };
  }
  if (type !== 'application/json') {
    throw new ApiError(
      'unsupported_media_type',
      'Send multipart/form-data with a file, or application/json with sourceUrl or bucketKey.',
    );
  }
  const { sourceUrl, bucketKey, ...fields } = generationSourceSchema.parse(
    await readJsonBody(request, 64 * 1024),
  );
  return {
    fields,
    source: sourceUrl !== undefined ? { kind: 'url', url: sourceUrl } : { kind: 'bucket', key: bucketKey! },
  };
}

/** SHA-256 of what was asked: the same request retried has the same one, any change another. */
export function requestFingerprint(incoming: GenerationRequest): string {
  const { source } = incoming;
  const where =
    source.kind === 'file'
      ? ['file', source.file ? createHash('sha256').update(source.file.bytes).digest('hex') : null]
      : source.kind === 'url'
        ? ['url', source.url]
        : ['bucket', source.key];
  const fields = Object.entries(incoming.fields).sort(([a], [b]) => a.localeCompare(b));
  return createHash('sha256')
    .update(JSON.stringify([where, fields]))
    .digest('hex');
}

/** The last path segment, for the record only: ingest sniffs the bytes, never trusts a name. */
const lastSegment = (path: string) => path.split('/').filter(Boolean).at(-1) ?? '';

/**
 * The request's bytes, fetched within the same bounds as an upload's: every way ends in the same
 * `Upload`, so the same ingest follows (sniffing, limits, hashing, metadata, dedupe).
 */
export async function loadGenerationBytes(
  incoming: GenerationRequest,
  sources: ImportSources,
  limits: RequestLimits,
): Promise<Upload> {
  const { source, fields } = incoming;
  if (source.kind === 'file') return { file: source.file, fields };
  if (source.kind === 'url') {
    const bytes = await fetchSource(source.url, { ...sources.fetch, maxBytes: limits.maxBytes });
    return { file: { bytes, filename: lastSegment(new URL(source.url).pathname), declaredType: '' }, fields };
  }
  const bytes = await readBucketSource(sources.bucket, source.key, limits);
  return { file: { bytes, filename: lastSegment(source.key), declaredType: '' }, fields };
}
