import { describe, expect, it } from 'vitest';
import type { FeedItem } from './feed-types';
import { countNewItems, isNewer, newItemsLabel } from './new-items';

const item = (id: string, publishedAt: string) => ({ id, publishedAt }) as FeedItem;
const first = item('0190-b', '2026-01-02T00:00:00.000002Z');

describe('isNewer', () => {
  it.each([
    ['a later time', item('0190-a', '2026-01-02T00:00:00.000003Z'), true],
    ['an earlier time', item('0190-z', '2026-01-02T00:00:00.000001Z'), false],
    ['the same time, a greater id', item('0190-c', '2026-01-02T00:00:00.000002Z'), true],
    ['the same time, a smaller id', item('0190-a', '2026-01-02T00:00:00.000002Z'), false],
    ['itself', first, false],
  ])('%s → %s', (_name, candidate, expected) => {
    expect(isNewer(candidate, first)).toBe(expected);
  });
});

describe('countNewItems', () => {
  const newer1 = item('0190-d', '2026-01-03T00:00:00.000000Z');
  const newer2 = item('0190-e', '2026-01-04T00:00:00.000000Z');
  it.each([
    ['nothing new', [first], { count: 0, more: false }],
    ['two new above the first', [newer2, newer1, first], { count: 2, more: false }],
    ['a whole head of new items', [newer2, newer1], { count: 2, more: true }],
    ['an empty head', [], { count: 0, more: false }],
  ])('%s', (_name, head, expected) => {
    expect(countNewItems(head, first)).toEqual(expected);
  });

  it('counts the whole head for a feed that had nothing', () => {
    expect(countNewItems([newer1], undefined)).toEqual({ count: 1, more: false });
  });
});

it.each([
  [{ count: 3, more: false }, '3 new'],
  [{ count: 24, more: true }, '24+ new'],
])('labels %j as %s', (value, label) => {
  expect(newItemsLabel(value)).toBe(label);
});
