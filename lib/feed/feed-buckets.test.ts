import { describe, expect, it } from 'vitest';
import {
  bucketForWidth,
  bucketMediaQuery,
  eagerItems,
  feedBuckets,
  firstScreenRows,
  layoutOptionsFor,
  percentOfRow,
  proportional,
  proportionalSizes,
} from './feed-buckets';
import { layoutJustified } from './justified-layout';

const bucket = (id: string) => feedBuckets.find((candidate) => candidate.id === id)!;

describe('feed buckets', () => {
  it.each([
    [200, 'xs'],
    [374, 'xs'],
    [439, 'xs'],
    [440, 'sm'],
    [768, 'md'],
    [1008, 'lg'],
    [1424, 'xl'],
    [1904, 'xl'],
    [2544, 'xxl'],
  ])('a %i px container is in bucket %s', (width, id) => {
    expect(bucketForWidth(width).id).toBe(id);
  });

  it('selects exactly one bucket at every viewport width, in CSS as in the script', () => {
    expect(feedBuckets.map(bucketMediaQuery)).toEqual([
      '(max-width: 455.98px)',
      '(min-width: 456px) and (max-width: 655.98px)',
      '(min-width: 656px) and (max-width: 955.98px)',
      '(min-width: 956px) and (max-width: 1395.98px)',
      '(min-width: 1396px) and (max-width: 2015.98px)',
      '(min-width: 2016px)',
    ]);
  });

  it('never grows a bucket more than 1.5× between its reference width and the next', () => {
    for (let i = 1; i < feedBuckets.length; i++) {
      expect(feedBuckets[i]!.refWidth / feedBuckets[i - 1]!.refWidth).toBeLessThanOrEqual(1.5);
    }
  });

  it('writes lengths proportional to the feed width', () => {
    expect(proportional(690, bucket('xl'))).toBe('50cqw');
    expect(proportional(100, bucket('xs'))).toBe('33.3333cqw');
    expect(percentOfRow(345, bucket('xl'))).toBe('25%');
  });

  it('declares the 320 rung where a box would be 321–399 px, else the box in viewport units', () => {
    // A box of a quarter of the xl reference width is 345 px at 1396 px and 501 px at 2016 px.
    expect(proportionalSizes(345, bucket('xl'))).toBe(
      '(min-width: 1300px) and (max-width: 1615px) and (max-resolution: 1.19dppx) 320px, calc((100vw - 16px) * 0.25)',
    );
  });

  it('picks as eager the largest cards of the first screen, at most the cap', () => {
    const items = [
      { width: 1000, height: 1000 },
      { width: 2000, height: 1000 },
      { width: 1000, height: 1500 },
      { width: 1600, height: 900 },
      { width: 900, height: 1600 },
      { width: 1000, height: 1000 },
      ...Array.from({ length: 30 }, () => ({ width: 1200, height: 800 })),
    ];
    const xl = bucket('xl');
    const layout = layoutJustified(items, layoutOptionsFor(xl));
    const first = firstScreenRows(layout, xl);
    expect(first.length).toBeGreaterThanOrEqual(2);
    expect(first.every((row) => row.top < xl.screenHeight && row.complete)).toBe(true);
    const eager = eagerItems(layout, xl, 4);
    expect(eager).toHaveLength(4);
    const areas = first.flatMap((row) =>
      row.boxes.map((box) => ({ index: box.index, area: box.width * row.height })),
    );
    const largest = areas.sort((a, b) => b.area - a.area)[0]!.index;
    expect(eager[0]).toBe(largest);
    // A covered (sensitive) card is never one the HTML asks for: the next largest takes its place.
    const withoutLargest = eagerItems(layout, xl, 4, (index) => index === largest);
    expect(withoutLargest).not.toContain(largest);
    expect(withoutLargest).toEqual([...eager.slice(1), withoutLargest[3]]);
    expect(withoutLargest).toHaveLength(4);
  });
});
