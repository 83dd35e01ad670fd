import { z } from 'zod';
import { generationStatuses, listGenerations } from '@/lib/curation/generation-record';
import { ingestUpload } from '@/lib/curation/ingest-upload';
import { env } from '@/lib/env';
import { readUpload } from '@/lib/ingest/read-upload';
import { appServices } from '@/lib/server/app-services';
import { curatorRoute } from '@/lib/server/routes';

const listQuery = z
  .object({
    status: z.enum(generationStatuses, { error: 'status must be draft, publishing, public or unpublished' }),
    limit: z.coerce.number().int().min(1).max(500).default(200),
  })
  .strict();

export const GET = curatorRoute('read', async ({ request }) => {
  const query = listQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { db } = await appServices().database();
  return Response.json({ items: await listGenerations(db, query.status, query.limit) });
});

export const POST = curatorRoute('write', async ({ request, curator }) => {
  const upload = await readUpload(request, { maxBytes: env.UPLOAD_MAX_MB * 1024 * 1024, timeoutMs: 120_000 });
  const services = appServices();
  const { db } = await services.database();
  const result = await ingestUpload({ db, privateStore: services.stores.private }, upload, curator);
  return Response.json(result.generation, { status: result.status });
});
