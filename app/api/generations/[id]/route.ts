import { ApiError } from '@/lib/api/errors';
import { readJsonBody } from '@/lib/api/read-json';
import { curatorRoute } from '@/lib/auth/curator-route';
import { generationPatchSchema } from '@/lib/curation/generation-fields';
import { findGeneration, updateGeneration } from '@/lib/curation/generation-record';
import { deleteGeneration } from '@/lib/curation/publishing';
import { appServices } from '@/lib/server/app-services';
import { publishingDeps } from '@/lib/server/curation';

type Params = { id: string };
const notFound = () => new ApiError('not_found', 'No generation has this id.');

export const GET = curatorRoute<Params>('read', async ({ params }) => {
  const { db } = await appServices().database();
  const generation = await findGeneration(db, params.id);
  if (!generation) throw notFound();
  return Response.json(generation);
});

export const PATCH = curatorRoute<Params>('write', async ({ request, params }) => {
  const fields = generationPatchSchema.parse(await readJsonBody(request));
  const { db } = await appServices().database();
  const generation = await updateGeneration(db, params.id, fields);
  if (!generation) throw notFound();
  if (generation.status === 'public') appServices().feedHeadChanged();
  return Response.json(generation);
});

export const DELETE = curatorRoute<Params>('write', async ({ params }) => {
  const result = await deleteGeneration(await publishingDeps(), params.id);
  appServices().feedHeadChanged();
  return Response.json({ deleted: params.id, ...result });
});
