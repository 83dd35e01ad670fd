import 'server-only';
import type { AppSecret } from '@/lib/auth/app-secret';
import type { Database } from '@/lib/db/client';
import { queryFeedPage } from './feed-query';
import type { FeedRequest } from './feed-request';
import type { FeedPage } from './feed-types';

export interface FeedDeps {
  db: Database;
  /** Cursors are signed with its `feed-cursor` key. */
  secret: AppSecret;
}

/** A page of the feed, as the app serves it: cursors signed with the app's own key. */
export function getFeedPage(deps: FeedDeps, request: FeedRequest): Promise<FeedPage> {
  return queryFeedPage(deps.db, request, deps.secret.derive('feed-cursor'));
}
