'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, type MouseEvent, useEffect } from 'react';
import type { ListedGeneration } from '@/lib/curation/studio-list';
import { blurhashAverageColor } from '@/lib/feed/blurhash-color';
import { buildImageUrl, type ImageDeliveryConfig } from '@/lib/images/providers';

export const STUDIO_ROW_HEIGHT = 72;
const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });
export const rowDomId = (id: string) => `studio-row-${id}`;

/** A small picture of any generation: the public `/i/` rung when live, else the signed-in preview. */
export function thumbnailOf(item: ListedGeneration, delivery: ImageDeliveryConfig, width: 320 | 640): string {
  return item.status === 'public'
    ? buildImageUrl(delivery, item.src, width, item.width)
    : `/api/generations/${item.id}/preview?w=${width}`;
}

interface StudioRowsProps {
  items: readonly ListedGeneration[];
  /** The box the rows scroll in; null until it is mounted. */
  scroller: HTMLDivElement | null;
  active: number;
  selected: ReadonlySet<string>;
  delivery: ImageDeliveryConfig;
  /** More rows may come: asked for when the visible end nears the loaded end. */
  hasMore: boolean;
  loadMore: () => void;
  onActivate: (index: number) => void;
  onToggle: (id: string) => void;
  onKeyDown: (event: KeyboardEvent<HTMLDivElement>) => void;
  label: string;
}

/**
 * The list as one listbox (the keyboard moves an active row, `aria-activedescendant`), virtualized:
 * only the rows in view and a few beyond are in the DOM, at any length — 100,000 rows cost what 20
 * do. Rows are fixed-height, so nothing is measured.
 */
export function StudioRows(props: StudioRowsProps) {
  const { items, scroller, active, selected, delivery, hasMore, loadMore } = props;
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller,
    estimateSize: () => STUDIO_ROW_HEIGHT,
    overscan: 6,
    getItemKey: (index) => items[index]!.id,
    // Before the scroller is measured (the server's render, hydration): a screen's worth of rows,
    // so the first page is in the HTML and the list answers keys as soon as it hydrates.
    initialRect: { width: 0, height: 900 },
  });
  const shown = virtualizer.getVirtualItems();
  const lastShown = shown.at(-1)?.index ?? 0;
  useEffect(() => {
    if (hasMore && lastShown >= items.length - 15) loadMore();
  }, [hasMore, lastShown, items.length, loadMore]);
  useEffect(() => {
    if (active >= 0) virtualizer.scrollToIndex(active, { align: 'auto' });
  }, [active, virtualizer]);

  const activeItem = items[active];
  const click = (index: number, id: string) => (event: MouseEvent) => {
    if (event.shiftKey || event.metaKey || event.ctrlKey) props.onToggle(id);
    else props.onActivate(index);
  };
  return (
    <div
      role="listbox"
      aria-label={props.label}
      aria-multiselectable="true"
      aria-activedescendant={activeItem ? rowDomId(activeItem.id) : undefined}
      tabIndex={0}
      className="studio-rows"
      data-rows={items.length}
      onKeyDown={props.onKeyDown}
      style={{ height: virtualizer.getTotalSize() }}
    >
      {shown.map((row) => {
        const item = items[row.index]!;
        return (
          // biome-ignore lint/a11y/useKeyWithClickEvents: the listbox takes the keys (aria-activedescendant).
          <div
            key={row.key}
            id={rowDomId(item.id)}
            role="option"
            // Focus stays on the listbox (aria-activedescendant); a click may still focus a row.
            tabIndex={-1}
            aria-selected={selected.has(item.id)}
            data-generation-id={item.id}
            data-status={item.status}
            className={row.index === active ? 'studio-row is-active' : 'studio-row'}
            style={{ transform: `translateY(${row.start}px)`, height: STUDIO_ROW_HEIGHT }}
            onClick={click(row.index, item.id)}
          >
            <span
              className="studio-check"
              aria-hidden="true"
              onClick={(event) => {
                event.stopPropagation();
                props.onToggle(item.id);
              }}
            />
            <img
              src={thumbnailOf(item, delivery, 320)}
              alt=""
              width={56}
              height={56}
              loading="lazy"
              decoding="async"
              style={{ backgroundColor: blurhashAverageColor(item.blurhash) }}
            />
            <span className="studio-row-text">
              <span className="studio-row-prompt">{item.prompt || 'No prompt yet'}</span>
              <span className="studio-row-meta">
                {item.model} · {item.author} · {dateFormat.format(new Date(item.createdAt))}
              </span>
            </span>
            <span className="studio-badges">
              <span className={`badge badge-${item.status}`}>{item.status}</span>
              {item.rating === 'sensitive' ? <span className="badge">sensitive</span> : null}
              {item.reports ? (
                <span className="badge badge-reported">
                  {item.reports.count} report{item.reports.count === 1 ? '' : 's'}
                </span>
              ) : null}
            </span>
          </div>
        );
      })}
    </div>
  );
}
