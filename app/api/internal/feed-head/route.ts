import { errorJson } from '@/lib/api/errors';
import { appServices } from '@/lib/server/app-services';
import { isSignedRefresh, refreshFeedHead } from '@/lib/server/feed-head-refresh';

/** Drops the feed head's cache for the server's own background work (lib/server/feed-head-refresh.ts). */
export async function POST(request: Request): Promise<Response> {
  if (!isSignedRefresh(request, appServices().secret))
    return errorJson('forbidden', 'Not this server’s refresh.');
  refreshFeedHead();
  return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
}
