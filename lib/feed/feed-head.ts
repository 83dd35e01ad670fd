/**
 * The cached first page of the feed. `/` with no filter is rewritten to FEED_HEAD_PATH, an ISR
 * route: rendered once, kept 10 s (`revalidate` in its page), refreshed at once on publish.
 */
export const FEED_HEAD_EDITION = 'latest';
export const FEED_HEAD_PATH = `/feed-head/${FEED_HEAD_EDITION}`;
/** How long a shared cache may serve it stale while fetching the next (next.config.ts `expireTime`). */
export const FEED_HEAD_EXPIRE_SECONDS = 40;
/** The query parameters that make `/` a filtered feed, rendered per request instead. */
export const FEED_FILTER_PARAMS = ['q', 'model', 'author'] as const;

/** Whether a request is answered by the cached head page (the rewrite above, or its own path). */
export function servesCachedFeedHead(url: URL): boolean {
  if (url.pathname.startsWith('/feed-head/')) return true;
  return url.pathname === '/' && FEED_FILTER_PARAMS.every((key) => !url.searchParams.get(key));
}
