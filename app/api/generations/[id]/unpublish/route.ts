import { curatorRoute } from '@/lib/auth/curator-route';
import { unpublishGeneration } from '@/lib/curation/publishing';
import { publishingDeps } from '@/lib/server/curation';

export const POST = curatorRoute<{ id: string }>('write', async ({ params }) =>
  Response.json(await unpublishGeneration(await publishingDeps(), params.id)),
);
