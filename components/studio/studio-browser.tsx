'use client';

import { type KeyboardEvent, useCallback, useEffect, useRef, useState } from 'react';
import type { StudioPage } from '@/lib/curation/studio-list';
import type { ImageDeliveryConfig } from '@/lib/images/providers';
import type { StudioFilters } from '../studio-api';
import { StudioBulkBar } from './studio-bulk-bar';
import { StudioFilterBar } from './studio-filter-bar';
import { StudioPanel } from './studio-panel';
import { StudioRows } from './studio-rows';
import { useItemActions } from './use-item-actions';
import { useStudioList } from './use-studio-list';

/** Keys of the list (shown above it): a review queue is worked through without the mouse. */
export const studioKeys = [
  ['↓ j', 'next'],
  ['↑ k', 'previous'],
  ['a', 'approve / publish'],
  ['r', 'reject / hide (type the reason, Enter)'],
  ['e', 'edit'],
  ['x', 'select'],
] as const;

/**
 * The studio's list of every generation: filters, the virtualized list, the side panel of the
 * active row, and the bulk bar of the selected ones.
 */
export function StudioBrowser({
  initialPage,
  delivery,
}: {
  initialPage: StudioPage;
  delivery: ImageDeliveryConfig;
}) {
  const [filters, setFilters] = useState<StudioFilters>({});
  const { items, query, replace } = useStudioList(
    filters,
    Object.keys(filters).length === 0 ? initialPage : null,
  );
  const actions = useItemActions(replace);
  const [activeId, setActiveId] = useState<string | null>(initialPage.items[0]?.id ?? null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  // State, not a ref: the rows' virtualizer renders again once the box it scrolls in exists (a ref
  // is attached after the children's effects ran, and they would never see it).
  const [scroller, setScroller] = useState<HTMLDivElement | null>(null);
  const promptRef = useRef<HTMLTextAreaElement>(null);
  const reasonRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);

  const found = items.findIndex((item) => item.id === activeId);
  const active = found >= 0 ? found : items.length > 0 ? 0 : -1;
  const activeItem = items[active];
  useEffect(() => {
    if (found < 0 && items[0]) setActiveId(items[0].id);
  }, [found, items]);

  const activate = useCallback(
    (index: number) => {
      const item = items[Math.max(0, Math.min(items.length - 1, index))];
      if (item) setActiveId(item.id);
    },
    [items],
  );
  const toggle = useCallback((id: string) => {
    setSelected((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }, []);
  // After an approve or a reject the keyboard is back on the list, one row further.
  const next = useCallback(() => {
    activate(active + 1);
    listRef.current?.querySelector<HTMLElement>('[role="listbox"]')?.focus();
  }, [activate, active]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.metaKey || event.ctrlKey || event.altKey || !activeItem) return;
    const keys: Record<string, () => void> = {
      ArrowDown: () => activate(active + 1),
      j: () => activate(active + 1),
      ArrowUp: () => activate(active - 1),
      k: () => activate(active - 1),
      Home: () => activate(0),
      End: () => activate(items.length - 1),
      x: () => toggle(activeItem.id),
      ' ': () => toggle(activeItem.id),
      e: () => promptRef.current?.focus(),
      Enter: () => promptRef.current?.focus(),
      r: () => reasonRef.current?.focus(),
      a: () => {
        const id = activeItem.id;
        if (activeItem.status !== 'public' && activeItem.status !== 'publishing')
          void actions.publish(id).then((done) => done && next());
      },
    };
    const run = keys[event.key];
    if (!run) return;
    event.preventDefault();
    run();
  };

  return (
    <div className="studio-browser">
      <StudioFilterBar
        filters={filters}
        onChange={(nextFilters) => {
          setFilters(nextFilters);
          setSelected(new Set());
        }}
      />
      <p className="studio-keys">
        {studioKeys.map(([key, what]) => (
          <span key={key}>
            <kbd>{key}</kbd> {what}
          </span>
        ))}
      </p>
      <StudioBulkBar selected={selected} actions={actions} onDone={() => setSelected(new Set())} />
      <div className="studio-columns">
        <div className="studio-scroller" ref={setScroller}>
          {query.isError ? (
            <p className="studio-error">The list could not be read: {query.error.message}</p>
          ) : null}
          {items.length === 0 && !query.isFetching ? <p className="muted">Nothing matches.</p> : null}
          <div ref={listRef}>
            <StudioRows
              items={items}
              scroller={scroller}
              active={active}
              selected={selected}
              delivery={delivery}
              hasMore={Boolean(query.hasNextPage) && !query.isFetchingNextPage}
              loadMore={() => void query.fetchNextPage()}
              onActivate={activate}
              onToggle={toggle}
              onKeyDown={onKeyDown}
              label={`Generations (${items.length}${query.hasNextPage ? '+' : ''})`}
            />
          </div>
        </div>
        {activeItem ? (
          <StudioPanel
            key={activeItem.id}
            item={activeItem}
            delivery={delivery}
            actions={actions}
            promptRef={promptRef}
            reasonRef={reasonRef}
            onDone={next}
          />
        ) : null}
      </div>
    </div>
  );
}
