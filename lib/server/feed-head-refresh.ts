import 'server-only';
import { timingSafeEqual } from 'node:crypto';
import { revalidatePath } from 'next/cache';
import type { AppSecret } from '@/lib/auth/app-secret';
import { FEED_HEAD_ROUTE } from '@/lib/feed/feed-head';

/** The route that drops the feed head's cache for work running outside a request. */
export const FEED_HEAD_REFRESH_PATH = '/api/internal/feed-head';
export const FEED_HEAD_REFRESH_HEADER = 'x-vitrine-refresh';

/**
 * Drops Next's cache of every feed head edition. `revalidatePath` works only inside a request (it
 * records the path on the request's store, and Next drops the cache entry when the request ends);
 * called from background work — the publish queue's job making a row public — it throws. There the
 * same call is made by a request to this server's own route (app/api/internal/feed-head), signed
 * with a key derived from the app secret, so no one else can make the server drop its cache. If
 * even that fails, the page's own `revalidate = 10` shows the change within 10 s.
 */
export function createFeedHeadRefresher(options: { secret: AppSecret; port: number }): () => void {
  return () => {
    try {
      revalidatePath(FEED_HEAD_ROUTE, 'page');
      return;
    } catch {
      // Not inside a request: ask the server to do it in one.
    }
    void fetch(`http://127.0.0.1:${options.port}${FEED_HEAD_REFRESH_PATH}`, {
      method: 'POST',
      headers: { [FEED_HEAD_REFRESH_HEADER]: options.secret.derive('feed-head-refresh') },
      signal: AbortSignal.timeout(5_000),
    })
      .then((response) => {
        if (!response.ok)
          console.warn(`[feed-head] refresh answered ${response.status}; the head updates within 10 s`);
      })
      .catch((error: unknown) =>
        console.warn('[feed-head] refresh failed; the head updates within 10 s:', error),
      );
  };
}

/** Whether a refresh request carries this server's key. */
export function isSignedRefresh(request: Request, secret: AppSecret): boolean {
  const given = Buffer.from(request.headers.get(FEED_HEAD_REFRESH_HEADER) ?? '');
  const expected = Buffer.from(secret.derive('feed-head-refresh'));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The route's work: inside a request, so `revalidatePath` is allowed. */
export function refreshFeedHead(): void {
  revalidatePath(FEED_HEAD_ROUTE, 'page');
}
