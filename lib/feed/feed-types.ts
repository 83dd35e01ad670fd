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

export const FEED_DEFAULT_LIMIT = 24;
export const FEED_MAX_LIMIT = 60;
