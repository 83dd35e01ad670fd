'use client';

import { type InfiniteData, useQueryClient } from '@tanstack/react-query';
import { useParams, useRouter } from 'next/navigation';
import { type ReactNode, useCallback, useEffect, useRef } from 'react';
import type { FeedPage } from '@/lib/feed/feed-types';
import { FEED_QUERY_KEY } from './use-feed-query';

/**
 * The detail view as a native modal <dialog>: the browser traps focus, makes the feed inert and
 * turns Esc into `cancel`. Closing goes back in history, so the feed below (still mounted) keeps its
 * scroll position and images. ←/→ replace the entry with the neighbour in the loaded feed; the
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
      const data = queryClient.getQueryData<InfiniteData<FeedPage>>(FEED_QUERY_KEY);
      const ids = data?.pages.flatMap((page) => page.items.map((item) => item.id)) ?? [];
      const index = ids.indexOf(id);
      return index < 0 ? undefined : ids[index + step];
    },
    [queryClient, id],
  );

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
      const next = neighbour(event.key === 'ArrowLeft' ? -1 : 1);
      if (!next) return;
      event.preventDefault();
      router.replace(`/g/${next}`, { scroll: false });
    };
    // On the document, not the dialog: when ←/→ swap the content, the focused control may go with
    // it, and focus falls back to the body, outside the dialog, while the dialog stays open.
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [id, neighbour, router, close]);

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
        if (event.target === event.currentTarget) close();
      }}
    >
      {children}
    </dialog>
  );
}
