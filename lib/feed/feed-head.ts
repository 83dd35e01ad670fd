import {
  FEED_FILTER_KEYS,
  type FeedFilter,
  filterKey,
  isFiltered,
  noFilter,
  parseFeedFilter,
} from './feed-filter';

/**
 * The cached first pages of the feed. proxy.ts rewrites `/` to `/feed-head/latest` and a search
 * (`/?q=…&model=…&author=…`) to `/feed-head/f.<filter>`: ISR pages, rendered on first request, kept
 * 10 s (`revalidate` in the page), refreshed at once on publish — the same document for every
 * visitor of the same URL, so shared caches may keep them too.
 */
export const FEED_HEAD_EDITION = 'latest';
/** The route of every edition, as `revalidatePath` names it. */
export const FEED_HEAD_ROUTE = '/feed-head/[edition]';
/** How long a shared cache may serve it stale while fetching the next (next.config.ts `expireTime`). */
export const FEED_HEAD_EXPIRE_SECONDS = 40;

const FILTERED_PREFIX = 'f.';

/** The cached page that answers `/` for `filter`. */
export function feedHeadPath(filter: FeedFilter): string {
  if (!isFiltered(filter)) return `/feed-head/${FEED_HEAD_EDITION}`;
  return `/feed-head/${FILTERED_PREFIX}${Buffer.from(filterKey(filter)).toString('base64url')}`;
}

/**
 * The filter an edition names; null for anything feedHeadPath would not have made (→ 404). Read
 * through the same validation as the query string, then required to be the one spelling the proxy
 * writes, so a hand-made edition can never mint a second cache entry for one search.
 */
export function filterOfEdition(edition: string): FeedFilter | null {
  if (edition === FEED_HEAD_EDITION) return noFilter;
  if (!edition.startsWith(FILTERED_PREFIX)) return null;
  try {
    const parts: unknown = JSON.parse(
      Buffer.from(edition.slice(FILTERED_PREFIX.length), 'base64url').toString('utf8'),
    );
    if (!Array.isArray(parts) || parts.length !== FEED_FILTER_KEYS.length) return null;
    const params = new URLSearchParams();
    FEED_FILTER_KEYS.forEach((key, i) => {
      if (typeof parts[i] === 'string') params.set(key, parts[i]);
    });
    const filter = parseFeedFilter(params);
    return isFiltered(filter) && feedHeadPath(filter) === `/feed-head/${edition}` ? filter : null;
  } catch {
    return null;
  }
}

/** Whether a request is answered by a cached head page (`/` in any form, or an edition's own path). */
export function servesCachedFeedHead(url: URL): boolean {
  return url.pathname === '/' || url.pathname.startsWith('/feed-head/');
}
