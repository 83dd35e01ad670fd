import { ApiError } from '@/lib/api/errors';
import { findGeneration } from '@/lib/curation/generation-record';
import { actorLabel } from '@/lib/moderation/generation-events';
import { dismissReports } from '@/lib/moderation/reports';
import { appServices } from '@/lib/server/app-services';
import { curatorRoute } from '@/lib/server/routes';

/** The curator found nothing to act on: its open reports close (the record keeps them). */
export const POST = curatorRoute<{ id: string }>('write', async ({ params, actor }) => {
  const { db } = await appServices().database();
  if (!(await findGeneration(db, params.id))) throw new ApiError('not_found', 'No generation has this id.');
  return Response.json({ dismissed: await dismissReports(db, params.id, actorLabel(actor)) });
});
