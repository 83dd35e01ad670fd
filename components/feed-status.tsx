'use client';

interface FeedStatusProps {
  state: 'idle' | 'loading' | 'error' | 'end';
  rowHeight: number;
  empty: boolean;
  onRetry: () => void;
}

/** What sits below the rows: skeletons while a page loads, a retry on failure, the end of the feed. */
export function FeedStatus({ state, rowHeight, empty, onRetry }: FeedStatusProps) {
  if (state === 'loading' || state === 'idle') {
    return (
      <div className="feed-skeleton" role="status" aria-label="Loading more generations">
        <div className="skeleton-row" style={{ height: rowHeight }} />
        <div className="skeleton-row" style={{ height: rowHeight }} />
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
  return (
    <p className="feed-message">{empty ? 'Nothing has been published yet.' : 'You have reached the end.'}</p>
  );
}
