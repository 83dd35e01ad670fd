'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { FEED_FILTER_KEYS } from '@/lib/feed/feed-filter';

/** The RSS feed of the whole site, before the URL is read (the same box: nothing moves after). */
export function SiteFeedLink({ href = '/feed.xml' }: { href?: string }) {
  return (
    <a href={href} className="feed-link" title="RSS feed of this page">
      <span className="visually-hidden">RSS feed of this page</span>
      <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
        <circle cx="3" cy="13" r="2" fill="currentColor" />
        <path
          d="M1 7a8 8 0 0 1 8 8M1 2a13 13 0 0 1 13 13"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
        />
      </svg>
    </a>
  );
}

/**
 * The header's visible way to follow the feed: RSS of what the page shows (a search's own feed on a
 * search, lib/feed/syndication.ts; the Atom and JSON ones are named by the pages' <link> tags).
 */
export function FeedLink() {
  const params = useSearchParams();
  const onFeed = usePathname() === '/';
  const query = new URLSearchParams();
  for (const key of FEED_FILTER_KEYS) {
    const value = onFeed ? params.get(key) : null;
    if (value) query.set(key, value);
  }
  const search = query.toString();
  return <SiteFeedLink href={search ? `/feed.xml?${search}` : '/feed.xml'} />;
}
