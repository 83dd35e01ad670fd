/** The feed as a client walks it: the head, then older pages through each answer's `nextCursor`. */
import type { FeedItem, FeedPage } from '@/lib/feed/feed-types';

const PAGE_TIMEOUT_MS = 30_000;

export interface FeedWalk {
  /** Every item seen, newest first. */
  items: FeedItem[];
  /** The head's URL, then one URL per deeper page, in order. */
  pageUrls: string[];
}

export async function walkFeed(base: string, limit: number, maxPages: number): Promise<FeedWalk> {
  const head = `${base}/api/feed?limit=${limit}`;
  const walk: FeedWalk = { items: [], pageUrls: [head] };
  let url: string | null = head;
  while (url) {
    const response = await fetch(url, { signal: AbortSignal.timeout(PAGE_TIMEOUT_MS) });
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    const page = (await response.json()) as FeedPage;
    walk.items.push(...page.items);
    url = null;
    if (page.nextCursor && walk.pageUrls.length < maxPages) {
      url = `${head}&after=${encodeURIComponent(page.nextCursor)}`;
      walk.pageUrls.push(url);
    }
  }
  return walk;
}
