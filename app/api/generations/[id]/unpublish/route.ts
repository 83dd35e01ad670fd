import { unpublishGeneration } from '@/lib/curation/take-down';
import { actorLabel } from '@/lib/moderation/generation-events';
import { appServices } from '@/lib/server/app-services';
import { curatorRoute } from '@/lib/server/routes';

export const POST = curatorRoute<{ id: string }>('write', async ({ params, actor }) =>
  Response.json(await unpublishGeneration(await appServices().curation(), params.id, actorLabel(actor))),
);
