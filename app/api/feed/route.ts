import { withErrorHandling } from '@/lib/api/errors';
import { feedCacheControl } from '@/lib/feed/feed-cache';
import { parseFeedRequest } from '@/lib/feed/feed-request';
import { getFeedPage } from '@/lib/feed/get-feed-page';

export const GET = withErrorHandling(async (request: Request) => {
  const feedRequest = parseFeedRequest(new URL(request.url).searchParams);
  const page = await getFeedPage(feedRequest);
  return Response.json(page, { headers: { 'Cache-Control': feedCacheControl(feedRequest) } });
});
