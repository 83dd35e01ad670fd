import { describe, expect, it } from 'vitest';
import { layoutJustified } from './justified-layout';
import { anchorAt, rowIndexAt, scrollYFor } from './scroll-anchor';

const options = { containerWidth: 1000, targetRowHeight: 300, maxRowHeight: 600, gap: 10 };
// Three squares per row at 326.67 → 327 px rows, tops 0, 337, 674, ...
const items = Array.from({ length: 30 }, () => ({ width: 1000, height: 1000 }));
const ids = items.map((_, i) => `item-${i}`);
const layout = layoutJustified(items, options);

describe('scroll anchors', () => {
  it.each([
    [0, 0],
    [56, 0],
    [56 + 336, 0],
    [56 + 337, 1],
    [56 + 700, 2],
  ])('scrollY %i is in row %i', (scrollY, row) => {
    expect(rowIndexAt(layout, scrollY, 56)).toBe(row);
  });

  it('anchors to the first item of the row at the top, with the offset into it', () => {
    expect(anchorAt(layout, ids, 56 + 700, 56)).toEqual({ id: 'item-6', offset: 26 });
  });

  it('restores the same item at another width, where rows are different', () => {
    const anchor = anchorAt(layout, ids, 56 + 700, 56)!;
    const narrow = layoutJustified(items, { ...options, containerWidth: 500 });
    const y = scrollYFor(narrow, ids, anchor, 56)!;
    const row = narrow.rows[rowIndexAt(narrow, y, 56)]!;
    expect(row.boxes.map((box) => ids[box.index])).toContain('item-6');
  });

  it('keeps the offset in reference units, so it means the same drawn at another scale', () => {
    // Drawn 1.5× larger: 700 px down is 466.7 reference px, row 1, 130 px into it.
    expect(rowIndexAt(layout, 56 + 700, 56, 1.5)).toBe(1);
    const anchor = anchorAt(layout, ids, 56 + 700, 56, 1.5)!;
    expect(anchor.id).toBe('item-3');
    expect(anchor.offset).toBeCloseTo(129.667, 3);
    expect(scrollYFor(layout, ids, anchor, 56, 1.5)).toBe(56 + 700);
    expect(scrollYFor(layout, ids, anchor, 56, 1)).toBe(56 + 337 + 130);
  });

  it('has no position for an item that is not loaded yet, or still in the open last row', () => {
    expect(scrollYFor(layout, ids, { id: 'item-99', offset: 0 }, 56)).toBeNull();
    expect(layout.rows.at(-1)!.complete).toBe(false);
    const inOpenRow = ids[layout.rows.at(-1)!.boxes[0]!.index]!;
    expect(scrollYFor(layout, ids, { id: inOpenRow, offset: 0 }, 56)).toBeNull();
  });
});
