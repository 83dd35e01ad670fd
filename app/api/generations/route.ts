import { ApiError } from '@/lib/api/errors';
import { readGenerationRequest } from '@/lib/curation/generation-request';
import { idempotencyKeyOf } from '@/lib/curation/idempotency';
import { receiveGeneration } from '@/lib/curation/receive-generation';
import { uploaderOf } from '@/lib/curation/uploader';
import { env } from '@/lib/env';
import { listStudioPage, studioListQuerySchema } from '@/lib/curation/studio-list';
import { appServices } from '@/lib/server/app-services';
import { curatorRoute } from '@/lib/server/routes';

/** The studio's list: keyset pages of every generation, searched and filtered (lib/curation/studio-list.ts). */
export const GET = curatorRoute('read', async ({ request }) => {
  const params = new URL(request.url).searchParams;
  for (const key of new Set(params.keys()))
    if (params.getAll(key).length > 1) throw new ApiError('bad_request', `${key} given twice`);
  const query = studioListQuerySchema.parse(Object.fromEntries(params));
  const { db } = await appServices().database();
  return Response.json(await listStudioPage(db, query));
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
