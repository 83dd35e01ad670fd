import type { FeedRequest } from './feed-request';

/**
 * The head page changes whenever something is published, so shared caches keep it briefly;
 * a cursor page is a fixed slice of the past and can be cached longer. Browsers revalidate
 * the head but may keep cursor pages for a minute (react-query holds them in memory anyway).
 */
export function feedCacheControl(request: FeedRequest): string {
  return request.after || request.before
    ? 'public, max-age=60, s-maxage=300, stale-while-revalidate=600'
    : 'public, max-age=0, s-maxage=10, stale-while-revalidate=30';
}
