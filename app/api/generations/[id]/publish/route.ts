import { curatorRoute } from '@/lib/auth/curator-route';
import { publishGeneration } from '@/lib/curation/publishing';
import { appServices } from '@/lib/server/app-services';
import { publishingDeps } from '@/lib/server/curation';

export const POST = curatorRoute<{ id: string }>('write', async ({ params }) => {
  const result = await publishGeneration(await publishingDeps(), params.id);
  appServices().feedHeadChanged();
  return Response.json(result);
});
