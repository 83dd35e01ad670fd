/** The feed API's wire types, shared by the route, the server page and the browser. */
export interface FeedItem {
  id: string;
  /** Storage path of the published original (`g/<sha256>.<ext>`); clients build URLs via a provider. */
  src: string;
  width: number;
  height: number;
  blurhash: string;
  prompt: string;
  model: string;
  author: string;
  /** `sensitive` generations are the ones a visitor may choose not to see (`?rating=general`). */
  rating: 'general' | 'sensitive';
  /** ISO-8601 UTC with microseconds. */
  publishedAt: string;
}

export interface FeedPage {
  items: FeedItem[];
  /** Continues to older items; null at the end of the feed. */
  nextCursor: string | null;
  /** Continues to newer items; null when nothing newer exists. */
  prevCursor: string | null;
}

/** What `GET /api/feed` returns without a `limit` (ARCHITECTURE.md), and the most it returns. */
export const FEED_DEFAULT_LIMIT = 24;
export const FEED_MAX_LIMIT = 60;
/**
 * What the app's own feed asks for, on the server's first render and for every next page: two
 * screens of rows at 1440×900, so a page lasts long enough to hide the next one's latency.
 */
export const FEED_PAGE_SIZE = 48;
