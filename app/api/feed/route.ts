import { feedCacheControl } from '@/lib/feed/feed-cache';
import { parseFeedRequest } from '@/lib/feed/feed-request';
import { getFeedPage } from '@/lib/feed/get-feed-page';
import { appServices } from '@/lib/server/app-services';
import { route } from '@/lib/server/routes';

export const GET = route(async (request: Request) => {
  const feedRequest = parseFeedRequest(new URL(request.url).searchParams);
  const page = await getFeedPage(await appServices().feed(), feedRequest);
  return Response.json(page, { headers: { 'Cache-Control': feedCacheControl(feedRequest) } });
});
