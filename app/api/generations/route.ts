import { generationListQuerySchema, listGenerations } from '@/lib/curation/generation-record';
import { readGenerationRequest } from '@/lib/curation/generation-request';
import { idempotencyKeyOf } from '@/lib/curation/idempotency';
import { receiveGeneration } from '@/lib/curation/receive-generation';
import { uploaderOf } from '@/lib/curation/uploader';
import { env } from '@/lib/env';
import { listReported } from '@/lib/moderation/reported';
import { appServices } from '@/lib/server/app-services';
import { curatorRoute } from '@/lib/server/routes';

export const GET = curatorRoute('read', async ({ request }) => {
  const query = generationListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { db } = await appServices().database();
  const items = query.status
    ? await listGenerations(db, query.status, query.limit)
    : await listReported(db, query.limit);
  return Response.json({ items });
});

/**
 * A generation as a multipart upload, or JSON with `sourceUrl` or `bucketKey`
 * (lib/curation/generation-request.ts). A `submit` token may send: its generations wait as
 * `submitted` for a curator.
 */
export const POST = curatorRoute(
  'write',
  async ({ request, actor }) => {
    const idempotencyKey = idempotencyKeyOf(request);
    const limits = { maxBytes: env.UPLOAD_MAX_MB * 1024 * 1024, timeoutMs: 120_000 };
    const incoming = await readGenerationRequest(request, limits);
    const services = appServices();
    const result = await receiveGeneration(
      {
        ...(await services.curation()),
        privateStore: services.stores.private,
        imports: services.imports,
        limits,
      },
      incoming,
      uploaderOf(actor),
      idempotencyKey,
    );
    return Response.json(result.generation, { status: result.status });
  },
  { tokenScope: 'submit' },
);
