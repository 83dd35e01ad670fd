import 'server-only';
import { deriveSecret } from '@/lib/auth/app-secret';
import { getDb } from '@/lib/db/get-db';
import { queryFeedPage } from './feed-query';
import type { FeedRequest } from './feed-request';
import type { FeedPage } from './feed-types';

/** The app's entry point to the feed: the configured database and secret. */
export async function getFeedPage(request: FeedRequest): Promise<FeedPage> {
  return queryFeedPage(await getDb(), request, deriveSecret('feed-cursor'));
}
