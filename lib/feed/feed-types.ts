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
 * What the app's own feed asks for, for every page after the server's first (FEED_HEAD_SIZE): two
 * screens of rows at 1440×900, so a page lasts long enough to hide the next one's latency.
 */
export const FEED_PAGE_SIZE = 48;
/**
 * What the server's first render of a feed carries: the first screen of every width bucket (at
 * most about 15 cards, docs/feed.md) with room to spare. Every item is in the page's data as well as
 * in up to six buckets' markup, so this is what keeps the HTML of the first screen under 80 KB;
 * the next pages are FEED_PAGE_SIZE.
 */
export const FEED_HEAD_SIZE = 24;
