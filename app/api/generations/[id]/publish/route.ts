import { curatorRoute } from '@/lib/auth/curator-route';
import { publishGeneration } from '@/lib/curation/publishing';
import { publishingDeps } from '@/lib/server/curation';

export const POST = curatorRoute<{ id: string }>('write', async ({ params }) =>
  Response.json(await publishGeneration(await publishingDeps(), params.id)),
);
