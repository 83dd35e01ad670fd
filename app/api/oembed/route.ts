import { ApiError } from '@/lib/api/errors';
import { imageDeliveryConfig } from '@/lib/config/image-delivery';
import { env } from '@/lib/env';
import { feedCacheControl } from '@/lib/feed/feed-cache';
import { queryPublicGeneration } from '@/lib/feed/get-generation';
import { embeddable, generationIdOf, oembedPhoto, parseOembedRequest } from '@/lib/feed/oembed';
import { appServices } from '@/lib/server/app-services';
import { route } from '@/lib/server/routes';

/**
 * oEmbed 1.0 for `/g/<id>` (lib/feed/oembed.ts): JSON only, 404 for anything not a public generation
 * here, and for a sensitive one unless asked with `rating=sensitive`.
 */
export const GET = route(async (request: Request) => {
  const query = parseOembedRequest(new URL(request.url).searchParams);
  if (query.format === 'xml') throw new ApiError('not_implemented', 'Only format=json is served.');
  const id = generationIdOf(query.url, env.PUBLIC_URL);
  const notHere = `${query.url} is not a public generation on ${env.PUBLIC_URL}.`;
  if (id === null) throw new ApiError('not_found', notHere);
  const item = await queryPublicGeneration((await appServices().database()).db, id);
  if (!item) throw new ApiError('not_found', notHere);
  if (!embeddable(item, query))
    throw new ApiError(
      'not_found',
      `${query.url} is a sensitive generation: ask with rating=sensitive to embed it.`,
    );
  const site = { publicUrl: env.PUBLIC_URL, delivery: imageDeliveryConfig() };
  // Cached like the feed head: an unpublished item stops being embeddable within seconds.
  return Response.json(oembedPhoto(item, site, query), {
    headers: { 'Cache-Control': feedCacheControl({ limit: 1 }) },
  });
});
