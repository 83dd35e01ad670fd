import 'server-only';
import { ApiError } from '@/lib/api/errors';
import { findGeneration } from './generation-record';
import {
  type GenerationRequest,
  type ImportSources,
  loadGenerationBytes,
  type RequestLimits,
  requestFingerprint,
} from './generation-request';
import { oncePerKey } from './idempotency';
import { type IngestDeps, type IngestResult, ingestUpload, type Uploader } from './ingest-upload';
import { type PublishingDeps, publishGeneration } from './publishing';

export type ReceiveDeps = IngestDeps & PublishingDeps & { imports: ImportSources; limits: RequestLimits };

/**
 * Ingests the bytes as the uploader's draft or submission, then, for a `publish` token, publishes it
 * through the queue (the answer says `publishing`; the caller polls until `public`). The same bytes
 * sent again by the token whose publish did not happen (a failure after the row was written) are
 * published on the retry; anyone else's existing generation is answered as it is — a resend never
 * undoes a curator's unpublish.
 */
async function ingestAndPublish(
  deps: ReceiveDeps,
  incoming: GenerationRequest,
  uploader: Uploader,
): Promise<IngestResult> {
  const upload = await loadGenerationBytes(incoming, deps.imports, deps.limits);
  const result = await ingestUpload(deps, upload, uploader);
  if (!uploader.publishNext || result.generation.status !== 'draft') return result;
  const own =
    result.status === 201 ||
    (uploader.apiTokenId !== null &&
      (await findGeneration(deps.db, result.generation.id, { apiTokenId: uploader.apiTokenId })) !== null);
  if (!own) return result;
  const { generation } = await publishGeneration(deps, result.generation.id, uploader.by);
  return { status: result.status, generation };
}

/**
 * `POST /api/generations`, whatever carried the bytes (lib/curation/generation-request.ts). With an
 * `Idempotency-Key` it runs once per key and caller: a retry, even one sent while the first is
 * running, answers 200 with the generation the first made.
 */
export async function receiveGeneration(
  deps: ReceiveDeps,
  incoming: GenerationRequest,
  uploader: Uploader,
  idempotencyKey: string | null,
): Promise<IngestResult> {
  if (idempotencyKey === null) return ingestAndPublish(deps, incoming, uploader);
  const caller = uploader.apiTokenId ? `token:${uploader.apiTokenId}` : `curator:${uploader.curatorId}`;
  const { result } = await oncePerKey(
    deps.db,
    { caller, key: idempotencyKey, fingerprint: requestFingerprint(incoming) },
    async () => {
      const made = await ingestAndPublish(deps, incoming, uploader);
      return { generationId: made.generation.id, result: made };
    },
    async (generationId) => {
      const generation = await findGeneration(deps.db, generationId);
      if (!generation)
        throw new ApiError('not_found', 'The generation this Idempotency-Key made was deleted since.');
      return { generationId, result: { status: 200 as const, generation } };
    },
  );
  return result;
}
