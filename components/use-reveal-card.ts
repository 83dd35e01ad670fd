'use client';

import { useEffect, useRef } from 'react';
import type { FeedItem } from '@/lib/feed/feed-types';
import type { LayoutRow } from '@/lib/feed/justified-layout';
import { focusCardWhenRendered, onCardRevealRequest } from './reveal-card';

interface RevealOptions {
  items: readonly FeedItem[];
  /** The rows shown (reference sizes). */
  rows: readonly LayoutRow[];
  /** Where the rows start on the page (below the sticky header). */
  top: number;
  scale: number;
}

/**
 * Answers the detail view's "show the card last viewed" (reveal-card.ts): a card with any part on
 * screen only takes focus, so closing moves nothing; one that is entirely off screen (rendered or
 * virtualized away) is centred first, with an instant scroll.
 */
export function useRevealCard({ items, rows, top, scale }: RevealOptions) {
  const latest = useRef({ items, rows, scale });
  latest.current = { items, rows, scale };
  useEffect(
    () =>
      onCardRevealRequest((id) => {
        const { items: currentItems, rows: currentRows, scale: currentScale } = latest.current;
        const index = currentItems.findIndex((item) => item.id === id);
        const row = currentRows.find((candidate) => candidate.boxes.some((box) => box.index === index));
        if (index < 0 || !row || currentScale <= 0) return;
        const rowTop = top + row.top * currentScale;
        const rowHeight = row.height * currentScale;
        const visibleTop = window.scrollY + top;
        const visibleBottom = window.scrollY + window.innerHeight;
        // Any part of it on screen: the visitor is at the item already, and the feed does not move.
        if (rowTop + rowHeight <= visibleTop || rowTop >= visibleBottom) {
          const centred = rowTop - top - (window.innerHeight - top - rowHeight) / 2;
          window.scrollTo({ top: Math.max(0, centred), behavior: 'instant' });
        }
        focusCardWhenRendered(id);
      }),
    [top],
  );
}
