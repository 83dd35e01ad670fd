'use client';

import { type NewItems, newItemsLabel } from '@/lib/feed/new-items';

/**
 * "N new", fixed under the header: it overlays the feed, so its arrival moves nothing. The live region
 * is always there (empty until something is new), so a screen reader hears the count when it comes.
 */
export function NewItemsPill({ fresh, onShow }: { fresh: NewItems | null; onShow: () => void }) {
  return (
    <div className="new-items" aria-live="polite">
      {fresh ? (
        <button type="button" className="new-items-pill" onClick={onShow}>
          ↑ {newItemsLabel(fresh)}
        </button>
      ) : null}
    </div>
  );
}
