'use client';

import { type RefObject, startTransition, useLayoutEffect, useState } from 'react';
import { bucketMediaQuery, type FeedBucket, feedBuckets } from '@/lib/feed/feed-buckets';

export interface FeedGeometry {
  bucket: FeedBucket;
  /** The feed's drawn width ÷ the bucket's reference width. */
  scale: number;
}

/** The bucket whose media query matches: the same query the server's CSS shows it with. */
function matchingBucket(): FeedBucket {
  return feedBuckets.find((bucket) => window.matchMedia(bucketMediaQuery(bucket)).matches) ?? feedBuckets[0]!;
}

/**
 * Which bucket the browser is in and at what scale the feed is drawn, or null until measured (the
 * server's render and hydration, which must match the HTML). Measured before the first paint after
 * hydration, and again on every resize.
 */
export function useFeedGeometry(frame: RefObject<HTMLElement | null>): FeedGeometry | null {
  const [geometry, setGeometry] = useState<FeedGeometry | null>(null);
  useLayoutEffect(() => {
    const element = frame.current;
    if (!element) return;
    const measure = () => {
      const bucket = matchingBucket();
      const scale = element.getBoundingClientRect().width / bucket.refWidth;
      // A transition: the HTML already shows the right bucket at the right scale, so switching to
      // the live feed can yield to the browser (painting the first images) instead of blocking it.
      startTransition(() =>
        setGeometry((current) =>
          current?.bucket === bucket && Math.abs(current.scale - scale) < 1e-6 ? current : { bucket, scale },
        ),
      );
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [frame]);
  return geometry;
}
