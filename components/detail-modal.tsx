'use client';

import { type InfiniteData, useQueryClient } from '@tanstack/react-query';
import { useParams, useRouter } from 'next/navigation';
import { type ReactNode, useCallback, useEffect, useRef } from 'react';
import { classifyDetailSwipe, claimsTouchMove } from '@/lib/feed/detail-swipe';
import type { FeedPage } from '@/lib/feed/feed-types';
import { FEED_QUERY_ROOT } from './use-feed-query';

/**
 * The detail view as a native modal <dialog>: the browser traps focus, makes the feed inert and
 * turns Esc into `cancel`. Closing goes back in history, so the feed below (still mounted) keeps its
 * scroll position and images. ←/→, the visible previous / next buttons and horizontal swipes replace
 * the entry with the neighbour in the loaded feed; a swipe down or the close button closes. The
 * dialog stays mounted and open while its content changes (it is rendered by the route's layout).
 */
export function DetailModal({ children }: { children: ReactNode }) {
  const { id } = useParams<{ id: string }>();
  const router = useRouter();
  const queryClient = useQueryClient();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const opener = useRef<string | null>(null);

  const closing = useRef(false);
  // Once only: Esc, the backdrop and a native close (Chrome may close a dialog without `cancel`)
  // can all ask at once, and each extra back() would leave the feed too.
  const close = useCallback(() => {
    if (closing.current) return;
    closing.current = true;
    router.back();
  }, [router]);

  const neighbour = useCallback(
    (step: -1 | 1) => {
      // The feed (or search) the visitor opened it from: the loaded one that holds this item.
      for (const [, data] of queryClient.getQueriesData<InfiniteData<FeedPage>>({
        queryKey: FEED_QUERY_ROOT,
      })) {
        const ids = data?.pages.flatMap((page) => page.items.map((item) => item.id)) ?? [];
        const index = ids.indexOf(id);
        if (index >= 0) return ids[index + step];
      }
      return undefined;
    },
    [queryClient, id],
  );

  /** Moves to the previous or next generation of the loaded feed, in place; false at either end. */
  const go = useCallback(
    (step: -1 | 1) => {
      const next = neighbour(step);
      if (next) router.replace(`/g/${next}`, { scroll: false });
      return Boolean(next);
    },
    [neighbour, router],
  );

  // Touch (lib/feed/detail-swipe.ts): a horizontal swipe moves through the feed, a swipe down
  // closes. Native listeners, because a swipe's moves must be claimed (`preventDefault`, which React's
  // passive touch handlers cannot): otherwise the browser also scrolls or flings with them, and a tap
  // while that fling runs only stops it — the close button would need two taps after a swipe.
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
  }, [go, close]);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    opener.current ??= id;
    if (!dialog.open) dialog.showModal();
    // Keyboard focus stays in the dialog when the content it was on is replaced.
    else if (!dialog.contains(document.activeElement)) dialog.focus({ preventScroll: true });
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        close();
        return;
      }
      if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
      if (go(event.key === 'ArrowLeft' ? -1 : 1)) event.preventDefault();
    };
    // On the document, not the dialog: when ←/→ swap the content, the focused control may go with
    // it, and focus falls back to the body, outside the dialog, while the dialog stays open.
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [id, go, close]);

  // Focus returns to the card that was opened, which is still in the feed.
  useEffect(
    () => () => {
      const card = document.querySelector<HTMLElement>(`[data-item-id="${opener.current}"]`);
      card?.focus({ preventScroll: true });
    },
    [],
  );

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: a backdrop click is a pointer shortcut; keys have Esc.
    <dialog
      ref={dialogRef}
      className="detail-dialog"
      tabIndex={-1}
      aria-label="Generation detail"
      onCancel={(event) => {
        event.preventDefault();
        close();
      }}
      onClose={close}
      onClick={(event) => {
        // The backdrop only: a tap on the picture or the text never closes.
        if (event.target === event.currentTarget) close();
      }}
    >
      <nav className="detail-controls" aria-label="Detail navigation">
        <button
          type="button"
          aria-label="Previous generation"
          disabled={!neighbour(-1)}
          onClick={() => go(-1)}
        >
          ‹
        </button>
        <button type="button" aria-label="Next generation" disabled={!neighbour(1)} onClick={() => go(1)}>
          ›
        </button>
        <button type="button" aria-label="Close" onClick={close}>
          ×
        </button>
      </nav>
      {children}
    </dialog>
  );
}
