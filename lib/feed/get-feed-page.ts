import 'server-only';
import { deriveSecret } from '@/lib/auth/app-secret';
import { appServices } from '@/lib/server/app-services';
import { queryFeedPage } from './feed-query';
import type { FeedRequest } from './feed-request';
import type { FeedPage } from './feed-types';

/** The app's entry point to the feed: the process's database and the cursor secret. */
export async function getFeedPage(request: FeedRequest): Promise<FeedPage> {
  const { db } = await appServices().database();
  return queryFeedPage(db, request, deriveSecret('feed-cursor'));
}
