import { type FeedFilter, filterKey, isFiltered, MAX_NAME_LENGTH, MAX_QUERY_LENGTH } from './feed-filter';

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

const text = (max: number) => (value: unknown) =>
  value === null || (typeof value === 'string' && value.trim() !== '' && value.length <= max);

/** The filter an edition names; null for anything feedHeadPath would not have made (→ 404). */
export function filterOfEdition(edition: string): FeedFilter | null {
  if (edition === FEED_HEAD_EDITION) return { q: null, model: null, author: null };
  if (!edition.startsWith(FILTERED_PREFIX)) return null;
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(edition.slice(FILTERED_PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(parts) || parts.length !== 3) return null;
  const [q, model, author] = parts as unknown[];
  if (!text(MAX_QUERY_LENGTH)(q) || !text(MAX_NAME_LENGTH)(model) || !text(MAX_NAME_LENGTH)(author))
    return null;
  const filter = { q, model, author } as FeedFilter;
  // One spelling per filter: a hand-made edition must not become a second cache entry.
  return isFiltered(filter) && feedHeadPath(filter) === `/feed-head/${edition}` ? filter : null;
}

/** Whether a request is answered by a cached head page (`/` in any form, or an edition's own path). */
export function servesCachedFeedHead(url: URL): boolean {
  return url.pathname === '/' || url.pathname.startsWith('/feed-head/');
}
