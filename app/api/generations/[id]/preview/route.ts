import { curatorRoute } from '@/lib/auth/curator-route';
import { draftPreview } from '@/lib/curation/draft-preview';
import { appServices } from '@/lib/server/app-services';

/** `?w=` a ladder width (default 640); drafts are only ever seen through here, signed in. */
export const GET = curatorRoute<{ id: string }>('read', async ({ request, params }) => {
  const services = appServices();
  const { db } = await services.database();
  const width = Number(new URL(request.url).searchParams.get('w') ?? 640);
  const preview = await draftPreview(
    { db, stores: services.stores, pool: services.pool },
    params.id,
    width,
    request.headers.get('accept'),
  );
  return new Response(new Uint8Array(preview.bytes), {
    headers: {
      'Content-Type': preview.contentType,
      Vary: 'Accept, Cookie',
      'X-Content-Type-Options': 'nosniff',
    },
  });
});
