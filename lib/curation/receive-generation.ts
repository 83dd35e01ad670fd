import 'server-only';
import type { Upload } from '@/lib/ingest/read-upload';
import { findGeneration } from './generation-record';
import { type IngestDeps, type IngestResult, ingestUpload, type Uploader } from './ingest-upload';
import { type PublishingDeps, publishGeneration } from './publishing';

/**
 * `POST /api/generations`, whatever carried the bytes: ingested as the uploader's draft or
 * submission, then, for a `publish` token, published through the queue (the answer says
 * `publishing`; the caller polls until `public`). The same bytes sent again by the token whose
 * publish did not happen (a failure after the row was written) are published on the retry; anyone
 * else's existing generation is answered as it is — a curator's unpublish is never undone by a resend.
 */
export async function receiveGeneration(
  deps: IngestDeps & PublishingDeps,
  upload: Upload,
  uploader: Uploader,
): Promise<IngestResult> {
  const result = await ingestUpload(deps, upload, uploader);
  if (!uploader.publishNext || result.generation.status !== 'draft') return result;
  const own =
    result.status === 201 ||
    (uploader.apiTokenId !== null &&
      (await findGeneration(deps.db, result.generation.id, { apiTokenId: uploader.apiTokenId })) !== null);
  if (!own) return result;
  const { generation } = await publishGeneration(deps, result.generation.id);
  return { status: result.status, generation };
}
