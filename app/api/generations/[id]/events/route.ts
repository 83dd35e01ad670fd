import { generationIdSchema } from '@/lib/curation/generation-record';
import { listEvents } from '@/lib/moderation/generation-events';
import { appServices } from '@/lib/server/app-services';
import { curatorRoute } from '@/lib/server/routes';

/** Its record, newest first: kept after a delete too, so an unknown id is an empty record, not a 404. */
export const GET = curatorRoute<{ id: string }>('read', async ({ params }) => {
  const { db } = await appServices().database();
  const items = generationIdSchema.safeParse(params.id).success ? await listEvents(db, params.id) : [];
  return Response.json({ items });
});
