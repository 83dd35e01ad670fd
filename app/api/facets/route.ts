import { queryFacets } from '@/lib/feed/feed-facets';
import { parseFeedFilter } from '@/lib/feed/feed-filter';
import { appServices } from '@/lib/server/app-services';
import { route } from '@/lib/server/routes';

/**
 * Facets change with every publish, slowly in aggregate: any cache may keep them 30 s. No
 * `stale-while-revalidate`: Chrome honours it too, and its background revalidation of a stale copy
 * stayed pending for ~30 s on a return visit (a held connection for nothing the visitor sees).
 */
const facetsCacheControl = 'public, max-age=30, s-maxage=30';

export const GET = route(async (request: Request) => {
  // Validated like the feed's filter; each facet is counted under the rest of it (lib/feed/feed-facets.ts).
  const filter = parseFeedFilter(new URL(request.url).searchParams);
  const { db } = await appServices().database();
  return Response.json(await queryFacets(db, filter), { headers: { 'Cache-Control': facetsCacheControl } });
});
