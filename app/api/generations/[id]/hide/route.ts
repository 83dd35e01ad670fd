import { readJsonBody } from '@/lib/api/read-json';
import { withdrawGeneration } from '@/lib/curation/take-down';
import { actorLabel } from '@/lib/moderation/generation-events';
import { hideRequestSchema } from '@/lib/moderation/hide-request';
import { appServices } from '@/lib/server/app-services';
import { curatorRoute } from '@/lib/server/routes';

/** Takes it down with a reason (or rejects a submission): out of every feed and cache, the original kept. */
export const POST = curatorRoute<{ id: string }>('write', async ({ request, params, actor }) => {
  const { reason } = hideRequestSchema.parse(await readJsonBody(request));
  const services = appServices();
  const change = await withdrawGeneration(
    await services.curation(),
    params.id,
    { status: 'hidden', reason },
    actorLabel(actor),
  );
  return Response.json(change);
});
