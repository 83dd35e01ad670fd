import { draftPreview } from '@/lib/curation/draft-preview';
import { appServices } from '@/lib/server/app-services';
import { curatorRoute } from '@/lib/server/routes';

/** `?w=` a ladder width (default 640); drafts are only ever seen through here, signed in. */
export const GET = curatorRoute<{ id: string }>('read', async ({ request, params }) => {
  const width = Number(new URL(request.url).searchParams.get('w') ?? 640);
  const preview = await draftPreview(
    await appServices().curation(),
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
