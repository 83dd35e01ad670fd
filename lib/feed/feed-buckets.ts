import { minLadderWidth } from '../images/ladder';
import { LOW_DENSITY_LIMIT, maxOverfetch, maxUpscale } from '../images/srcset';
import type { Layout, LayoutOptions, LayoutRow } from './justified-layout';

/**
 * The feed is laid out for a handful of width buckets, never for one visitor's viewport: a bucket's
 * rows are computed once at its reference width and drawn proportionally (CSS container units) at
 * any width inside the bucket. So the server's HTML is the same for everyone — a shared cache can
 * hold `/` — and it is already right, to the pixel, wherever it lands: nothing moves on hydration.
 * Widths are of the feed's container (the viewport minus `FEED_PADDING` on each side).
 */
export interface FeedBucket {
  id: string;
  /** The container width the rows are computed at; the bucket spans up to the next one's. */
  refWidth: number;
  targetRowHeight: number;
  /** How much of the feed (at the reference width) the first screen shows: what the HTML renders. */
  screenHeight: number;
}

/** Horizontal padding of the feed on each side, and the gap between cards and rows (reference px). */
export const FEED_PADDING = 8;
export const FEED_GAP = 8;
/** Height of the sticky site header: where the feed starts on the page (see globals.css). */
export const FEED_TOP = 56;

/**
 * Consecutive reference widths differ by at most 1.5×, so rows grow by at most that inside a
 * bucket. The smallest is laid out for 300 px and drawn from 300 px up (phones: 360–430 px wide).
 */
export const feedBuckets: readonly FeedBucket[] = [
  { id: 'xs', refWidth: 300, targetRowHeight: 260, screenHeight: 700 },
  { id: 'sm', refWidth: 440, targetRowHeight: 280, screenHeight: 700 },
  { id: 'md', refWidth: 640, targetRowHeight: 300, screenHeight: 800 },
  { id: 'lg', refWidth: 940, targetRowHeight: 300, screenHeight: 800 },
  { id: 'xl', refWidth: 1380, targetRowHeight: 370, screenHeight: 900 },
  { id: 'xxl', refWidth: 2000, targetRowHeight: 460, screenHeight: 1000 },
];

/** The bucket a container width falls in. */
export function bucketForWidth(containerWidth: number): FeedBucket {
  let chosen = feedBuckets[0]!;
  for (const bucket of feedBuckets) if (containerWidth >= bucket.refWidth) chosen = bucket;
  return chosen;
}

/**
 * The media query selecting a bucket by viewport width, for CSS and `matchMedia` alike (so the HTML
 * and the script always agree). The viewport includes the scrollbar the container does not: at a
 * bucket edge the script may measure a container a scrollbar narrower than the query assumed, which
 * only scales the rows by that much.
 */
export function bucketMediaQuery(bucket: FeedBucket): string {
  const index = feedBuckets.indexOf(bucket);
  const next = feedBuckets[index + 1];
  const min = index === 0 ? null : `(min-width: ${bucket.refWidth + 2 * FEED_PADDING}px)`;
  const max = next ? `(max-width: ${next.refWidth + 2 * FEED_PADDING - 0.02}px)` : null;
  return [min, max].filter(Boolean).join(' and ') || 'all';
}

export function layoutOptionsFor(bucket: FeedBucket): LayoutOptions {
  return {
    containerWidth: bucket.refWidth,
    targetRowHeight: bucket.targetRowHeight,
    maxRowHeight: Math.round(bucket.targetRowHeight * 1.6),
    gap: FEED_GAP,
    // Drawn at least at the reference width, so no box is narrower on screen than here.
    minBoxWidth: Math.ceil(minLadderWidth / maxOverfetch),
  };
}

/** A length of the reference layout as CSS, proportional to the feed's width (`container-type`). */
export function proportional(length: number, bucket: FeedBucket): string {
  return `${+((length * 100) / bucket.refWidth).toFixed(4)}cqw`;
}

/** A horizontal position or width as a percentage of the row. */
export function percentOfRow(length: number, bucket: FeedBucket): string {
  return `${+((length * 100) / bucket.refWidth).toFixed(4)}%`;
}

/** The rows the first screen shows (what the server renders for this bucket). */
export function firstScreenRows(layout: Layout, bucket: FeedBucket): LayoutRow[] {
  return layout.rows.filter((row) => row.complete && row.top < bucket.screenHeight);
}

/**
 * The cards the HTML itself asks for, before any script runs: the largest of the first screen (the
 * one that decides Largest Contentful Paint among them), at most `cap` so the loading cap holds from
 * the first byte. Item indexes, largest first. `covered` items (sensitive ones, drawn blurred until
 * the visitor asks) are never among them: the HTML must not request their images.
 */
export function eagerItems(
  layout: Layout,
  bucket: FeedBucket,
  cap: number,
  covered: (index: number) => boolean = () => false,
): number[] {
  return firstScreenRows(layout, bucket)
    .flatMap((row) =>
      row.boxes
        .filter((box) => !covered(box.index))
        .map((box) => ({
          index: box.index,
          // What shows of the box on the first screen.
          area: box.width * Math.max(0, Math.min(row.height, bucket.screenHeight - row.top)),
        })),
    )
    .sort((a, b) => b.area - a.area || a.index - b.index)
    .slice(0, cap)
    .map((box) => box.index);
}

/**
 * `sizes` for a card the HTML renders, which cannot know the viewport: the box as a fraction of
 * the container, in viewport units. Where that box would be 321–399 px the 320 rung is declared
 * instead on low-density screens (as `displaySizeFor` does once the width is known), so at no
 * width does the first screen fetch a 640 for a 330 px box.
 */
export function proportionalSizes(boxWidth: number, bucket: FeedBucket): string {
  const fraction = boxWidth / bucket.refWidth;
  const sizes = `calc((100vw - ${2 * FEED_PADDING}px) * ${+fraction.toFixed(5)})`;
  const viewportFor = (box: number) => Math.round(box / fraction + 2 * FEED_PADDING);
  const low = viewportFor(minLadderWidth + 1);
  const high = viewportFor(minLadderWidth * maxUpscale) - 1;
  const density = `(max-resolution: ${LOW_DENSITY_LIMIT - 0.01}dppx)`;
  return `(min-width: ${low}px) and (max-width: ${high}px) and ${density} ${minLadderWidth}px, ${sizes}`;
}
