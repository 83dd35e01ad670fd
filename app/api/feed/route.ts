import { ApiError, withErrorHandling } from '@/lib/api/errors';
import { InvalidCursorError } from '@/lib/feed/cursor';
import { feedCacheControl } from '@/lib/feed/feed-cache';
import { parseFeedRequest } from '@/lib/feed/feed-request';
import { getFeedPage } from '@/lib/feed/get-feed-page';

export const GET = withErrorHandling(async (request: Request) => {
  const feedRequest = parseFeedRequest(new URL(request.url).searchParams);
  const page = await getFeedPage(feedRequest).catch((error: unknown) => {
    if (error instanceof InvalidCursorError) throw new ApiError('bad_request', error.message);
    throw error;
  });
  return Response.json(page, { headers: { 'Cache-Control': feedCacheControl(feedRequest) } });
});
