'use client';

import { type RefObject, useEffect } from 'react';
import { classifyDetailSwipe, claimsTouchMove } from '@/lib/feed/detail-swipe';

interface DetailSwipeActions {
  close: () => void;
  /** To the previous (-1) or next (1) generation. */
  go: (step: -1 | 1) => unknown;
}

/**
 * Touch on the detail dialog (lib/feed/detail-swipe.ts): a horizontal swipe moves through the feed,
 * a swipe down closes. Native listeners, because a swipe's moves must be claimed (`preventDefault`,
 * which React's passive touch handlers cannot): otherwise the browser also scrolls or flings with
 * them, and a tap while that fling runs only stops it — the close button would need two taps after
 * a swipe.
 */
export function useDetailSwipe(
  dialogRef: RefObject<HTMLDialogElement | null>,
  { close, go }: DetailSwipeActions,
) {
  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    let start: { x: number; y: number; t: number; onPanel: boolean } | null = null;
    const onStart = (event: TouchEvent) => {
      const touch = event.touches[0];
      start =
        event.touches.length === 1 && touch
          ? {
              x: touch.clientX,
              y: touch.clientY,
              t: event.timeStamp,
              onPanel: (event.target as Element).closest('.detail-info') !== null,
            }
          : null;
    };
    const onMove = (event: TouchEvent) => {
      const touch = event.touches[0];
      if (!start || !touch || event.touches.length !== 1) return;
      if (claimsTouchMove(touch.clientX - start.x, touch.clientY - start.y, start.onPanel))
        event.preventDefault();
    };
    const onEnd = (event: TouchEvent) => {
      const touch = event.changedTouches[0];
      if (!start || !touch) return;
      const swipe = classifyDetailSwipe({
        dx: touch.clientX - start.x,
        dy: touch.clientY - start.y,
        ms: event.timeStamp - start.t,
        onScrollingPanel: start.onPanel,
      });
      start = null;
      if (swipe === 'close') close();
      else if (swipe) go(swipe === 'next' ? 1 : -1);
    };
    const onCancel = () => {
      start = null;
    };
    dialog.addEventListener('touchstart', onStart, { passive: true });
    dialog.addEventListener('touchmove', onMove, { passive: false });
    dialog.addEventListener('touchend', onEnd);
    dialog.addEventListener('touchcancel', onCancel);
    return () => {
      dialog.removeEventListener('touchstart', onStart);
      dialog.removeEventListener('touchmove', onMove);
      dialog.removeEventListener('touchend', onEnd);
      dialog.removeEventListener('touchcancel', onCancel);
    };
  }, [dialogRef, go, close]);
}
