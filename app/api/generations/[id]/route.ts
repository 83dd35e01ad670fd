import { ApiError } from '@/lib/api/errors';
import { readJsonBody } from '@/lib/api/read-json';
import { editGeneration } from '@/lib/curation/edit-generation';
import { generationPatchSchema } from '@/lib/curation/generation-fields';
import { findGeneration } from '@/lib/curation/generation-record';
import { deleteGeneration } from '@/lib/curation/take-down';
import { actorLabel } from '@/lib/moderation/generation-events';
import { appServices } from '@/lib/server/app-services';
import { readableBy } from '@/lib/curation/uploader';
import { curatorRoute } from '@/lib/server/routes';

type Params = { id: string };

/** A `submit` token reads back what it sent (the host app polls until `public`); others: 404. */
export const GET = curatorRoute<Params>(
  'read',
  async ({ params, actor }) => {
    const { db } = await appServices().database();
    const generation = await findGeneration(db, params.id, readableBy(actor));
    if (!generation) throw new ApiError('not_found', 'No generation has this id.');
    return Response.json(generation);
  },
  { tokenScope: 'submit' },
);

export const PATCH = curatorRoute<Params>('write', async ({ request, params, actor }) => {
  const fields = generationPatchSchema.parse(await readJsonBody(request));
  return Response.json(
    await editGeneration(await appServices().curation(), params.id, fields, actorLabel(actor)),
  );
});

export const DELETE = curatorRoute<Params>('write', async ({ params, actor }) => {
  const result = await deleteGeneration(await appServices().curation(), params.id, actorLabel(actor));
  return Response.json({ deleted: params.id, ...result });
});
