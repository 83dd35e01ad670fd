import type { FeedItem } from './feed-types';

/**
 * "N new": how many items of the feed's head are newer than the first one the visitor has, in the
 * feed's own order (published time, then id, both descending). Pure, for the browser's poll
 * (components/use-new-items.ts) and its exact-output tests.
 */
export function isNewer(
  item: Pick<FeedItem, 'publishedAt' | 'id'>,
  than: Pick<FeedItem, 'publishedAt' | 'id'>,
) {
  // Both timestamps are ISO-8601 UTC with microseconds: their text orders as their time.
  return item.publishedAt > than.publishedAt || (item.publishedAt === than.publishedAt && item.id > than.id);
}

export interface NewItems {
  count: number;
  /** Every item of the head was newer: there may be more than `count`. */
  more: boolean;
}

export function countNewItems(head: readonly FeedItem[], first: FeedItem | undefined): NewItems {
  if (!first) return { count: head.length, more: false };
  const count = head.filter((item) => isNewer(item, first)).length;
  return { count, more: count > 0 && count === head.length };
}

/** The pill's words: "3 new", "24+ new". */
export function newItemsLabel({ count, more }: NewItems): string {
  return `${count}${more ? '+' : ''} new`;
}
