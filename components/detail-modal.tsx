'use client';

import { useParams, usePathname, useRouter } from 'next/navigation';
import { type ReactNode, useCallback, useEffect, useRef } from 'react';
import { requestCardReveal } from './reveal-card';
import { useDetailNeighbours } from './use-detail-neighbours';
import { useDetailSwipe } from './use-detail-swipe';

/**
 * The detail view as a native modal <dialog>: the browser traps focus, makes the feed inert and
 * turns Esc into `cancel`. Closing goes back in history, so the feed below (still mounted) keeps its
 * scroll position and images. ←/→, the visible previous / next buttons and horizontal swipes replace
 * the entry with the neighbour in the loaded feed (`use-detail-neighbours.ts`); a swipe down or the
 * close button closes (`use-detail-swipe.ts`). The dialog stays mounted and open while its content
 * changes (it is rendered by the route's layout). This component is the dialog itself: opening,
 * closing once, keys, focus.
 */
export function DetailModal({ children }: { children: ReactNode }) {
  // The slot's catch-all (app/@modal/[...catchAll]) ends the dialog when a link inside it leaves
  // `/g/`; this keeps it shut for the moment the old layout is still mounted.
  const onDetail = usePathname().startsWith('/g/');
  return onDetail ? <OpenDetailModal>{children}</OpenDetailModal> : null;
}

function OpenDetailModal({ children }: { children: ReactNode }) {
  const { id } = useParams<{ id: string }>();
  const router = useRouter();
  const dialogRef = useRef<HTMLDialogElement>(null);
  // The item on screen now: after ←/→ not the one opened.
  const viewed = useRef(id);
  viewed.current = id;

  const closing = useRef(false);
  // Once only: Esc, the backdrop and a native close (Chrome may close a dialog without `cancel`)
  // can all ask at once, and each extra back() would leave the feed too.
  const close = useCallback(() => {
    if (closing.current) return;
    closing.current = true;
    router.back();
  }, [router]);

  const { neighbour, go } = useDetailNeighbours(id);
  useDetailSwipe(dialogRef, { close, go });

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    // Keyboard focus stays in the dialog when the content it was on is replaced.
    else if (!dialog.contains(document.activeElement)) dialog.focus({ preventScroll: true });
    const onKey = (event: KeyboardEvent) => {
      // A dialog over this one (the report form) has the keys: Esc closes it, arrows move in it.
      const target = event.target as Element | null;
      if (target?.closest?.('dialog') !== dialog && target?.closest?.('dialog[open]')) return;
      if (event.key === 'Escape') {
        event.preventDefault();
        close();
        return;
      }
      if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
      // Arrows in a text field or a choice move the caret or the choice, not the item.
      if (target?.closest?.('input, textarea, select')) return;
      if (go(event.key === 'ArrowLeft' ? -1 : 1)) event.preventDefault();
    };
    // On the document, not the dialog: when ←/→ swap the content, the focused control may go with
    // it, and focus falls back to the body, outside the dialog, while the dialog stays open.
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [id, go, close]);

  // Closed (× , Esc, a swipe, the backdrop, or the browser's Back): the feed below shows and focuses
  // the card last viewed. Not when a link inside led elsewhere (a model's feed starts at its top).
  useEffect(() => {
    const onBack = () => {
      closing.current = true;
    };
    window.addEventListener('popstate', onBack);
    return () => {
      window.removeEventListener('popstate', onBack);
      if (closing.current) requestCardReveal(viewed.current);
    };
  }, []);

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: a backdrop click is a pointer shortcut; keys have Esc.
    <dialog
      ref={dialogRef}
      className="detail-dialog"
      tabIndex={-1}
      aria-label="Generation detail"
      // Its own events only: a dialog over it (the report form) cancels and closes on its own.
      onCancel={(event) => {
        if (event.target !== event.currentTarget) return;
        event.preventDefault();
        close();
      }}
      onClose={(event) => {
        if (event.target === event.currentTarget) close();
      }}
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
