import { z } from 'zod';
import { generationStatuses, listGenerations } from '@/lib/curation/generation-record';
import { receiveGeneration } from '@/lib/curation/receive-generation';
import { uploaderOf } from '@/lib/curation/uploader';
import { env } from '@/lib/env';
import { readUpload } from '@/lib/ingest/read-upload';
import { appServices } from '@/lib/server/app-services';
import { curatorRoute } from '@/lib/server/routes';

const listQuery = z
  .object({
    status: z.enum(generationStatuses, {
      error: `status must be one of ${generationStatuses.join(', ')}`,
    }),
    limit: z.coerce.number().int().min(1).max(500).default(200),
  })
  .strict();

export const GET = curatorRoute('read', async ({ request }) => {
  const query = listQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { db } = await appServices().database();
  return Response.json({ items: await listGenerations(db, query.status, query.limit) });
});

/** A `submit` token may send: its generations wait as `submitted` for a curator. */
export const POST = curatorRoute(
  'write',
  async ({ request, actor }) => {
    const upload = await readUpload(request, {
      maxBytes: env.UPLOAD_MAX_MB * 1024 * 1024,
      timeoutMs: 120_000,
    });
    const services = appServices();
    const deps = await services.curation();
    const result = await receiveGeneration(
      { ...deps, privateStore: services.stores.private },
      upload,
      uploaderOf(actor),
    );
    return Response.json(result.generation, { status: result.status });
  },
  { tokenScope: 'submit' },
);
