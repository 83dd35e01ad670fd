import type { Layout } from './justified-layout';

/**
 * Scroll positions are kept as "this item, this far into its row", not as a pixel offset: after a
 * resize or a different first page the same pixel offset shows other images. The offset is in the
 * layout's reference units, so it means the same at any drawn scale (`scale` = drawn ÷ reference).
 */
export interface ScrollAnchor {
  id: string;
  offset: number;
}

/** The row at document offset `scrollY` (the first row whose bottom is below it), by binary search. */
export function rowIndexAt(layout: Layout, scrollY: number, top: number, scale = 1): number {
  const y = (scrollY - top) / scale;
  let low = 0;
  let high = layout.rows.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    const row = layout.rows[mid]!;
    if (row.top + row.height + layout.options.gap <= y) low = mid + 1;
    else high = mid;
  }
  return low;
}

export function anchorAt(
  layout: Layout,
  ids: readonly string[],
  scrollY: number,
  top: number,
  scale = 1,
): ScrollAnchor | null {
  if (layout.rows.length === 0) return null;
  const row = layout.rows[rowIndexAt(layout, scrollY, top, scale)]!;
  const id = ids[row.boxes[0]!.index];
  return id ? { id, offset: (scrollY - top) / scale - row.top } : null;
}

/**
 * Where to scroll to show the anchor as it was, or null while its item is not laid out for good:
 * not loaded yet, or in the open last row, which the next page may still re-break.
 */
export function scrollYFor(
  layout: Layout,
  ids: readonly string[],
  anchor: ScrollAnchor,
  top: number,
  scale = 1,
): number | null {
  const index = ids.indexOf(anchor.id);
  if (index < 0) return null;
  const row = layout.rows.find((candidate) => candidate.boxes.some((box) => box.index === index));
  return row?.complete ? Math.max(0, Math.round(top + (row.top + anchor.offset) * scale)) : null;
}
