'use client';

import { FEED_GAP, type FeedBucket, proportional } from '@/lib/feed/feed-buckets';

export type FeedStatusState = 'more' | 'error' | 'end';

/** Two rows of skeleton, where the next rows will be: what a fling that outran the pages sees. */
export const SKELETON_ROWS = 2;
/** The text of the end and error messages takes this much below the rows. */
export const MESSAGE_PIXELS = 96;

export function statusSpace(state: FeedStatusState, bucket: FeedBucket): { rows: number; pixels: number } {
  return state === 'more'
    ? { rows: SKELETON_ROWS * bucket.targetRowHeight + (SKELETON_ROWS - 1) * FEED_GAP, pixels: 0 }
    : { rows: 0, pixels: MESSAGE_PIXELS };
}

interface FeedStatusProps {
  state: FeedStatusState;
  bucket: FeedBucket;
  empty: boolean;
  /** The feed is a search: an empty one says so and offers the way out. */
  filtered: boolean;
  /** The search's words, if any: an empty search names them. */
  query?: string | null;
  onRetry: () => void;
}

/** What sits below the rows: skeletons while more may come, a retry on failure, the end of the feed. */
export function FeedStatus({ state, bucket, empty, filtered, query, onRetry }: FeedStatusProps) {
  if (state === 'more') {
    return (
      <div
        className="feed-skeleton"
        role="status"
        aria-label="Loading more generations"
        style={{ gap: proportional(FEED_GAP, bucket) }}
      >
        {Array.from({ length: SKELETON_ROWS }, (_, i) => (
          <div
            key={i}
            className="skeleton-row"
            style={{ height: proportional(bucket.targetRowHeight, bucket) }}
          />
        ))}
      </div>
    );
  }
  if (state === 'error') {
    return (
      <div className="feed-message" role="alert">
        The next generations could not be loaded.{' '}
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      </div>
    );
  }
  if (empty && filtered) {
    return (
      <div className="feed-message feed-empty" data-empty-search>
        <p className="feed-empty-title">
          {query ? <>Nothing matches “{query}”.</> : 'Nothing matches this search.'}
        </p>
        <p>
          Prompts are searched by their words: try fewer words or another one, or another model.{' '}
          <a href="/">Clear the search and see everything</a>
        </p>
      </div>
    );
  }
  return (
    <p className="feed-message">{empty ? 'Nothing has been published yet.' : 'You have reached the end.'}</p>
  );
}
