import { describe, expect, it } from 'vitest';
import { type Dimensions, type LayoutOptions, layoutJustified } from './justified-layout';

const options: LayoutOptions = { containerWidth: 1000, targetRowHeight: 300, maxRowHeight: 600, gap: 10 };
const square: Dimensions = { width: 1024, height: 1024 };
const landscape: Dimensions = { width: 1536, height: 1024 }; // 3:2
const portrait: Dimensions = { width: 1024, height: 1536 }; // 2:3

describe('layoutJustified', () => {
  it('fills rows exactly to the container width, with exact boxes', () => {
    const layout = layoutJustified([square, square, square, square], options, undefined, true);
    // Four squares overflow 1000 px at 300 px. Breaking before the fourth gives 326.7 px rows,
    // after it 242.5 px: 326.7 is nearer the 300 px target, so three squares, then one.
    expect(layout.rows).toEqual([
      {
        top: 0,
        height: 327,
        complete: true,
        boxes: [
          { index: 0, left: 0, width: 327 },
          { index: 1, left: 337, width: 327 },
          { index: 2, left: 674, width: 326 },
        ],
      },
      // The feed ended: the last row is closed but keeps the target height.
      { top: 337, height: 300, complete: true, boxes: [{ index: 3, left: 0, width: 300 }] },
    ]);
    expect(layout.height).toBe(637);
  });

  it('keeps the open last row at the target height instead of stretching it', () => {
    // Two 3:2 images fit at 330 px, three would shrink to 218 px: the row breaks after two.
    const layout = layoutJustified([landscape, landscape, landscape, portrait], options);
    expect(layout.rows.map((row) => [row.height, row.complete, row.boxes.length])).toEqual([
      [330, true, 2],
      [300, false, 2],
    ]);
    expect(layout.rows[1]!.top).toBe(340);
    expect(layout.rows[1]!.boxes).toEqual([
      { index: 2, left: 0, width: 450 },
      { index: 3, left: 460, width: 200 },
    ]);
    expect(layout.height).toBe(640);
  });

  it('clamps rows to the maximum height (a lone tall image on a narrow screen)', () => {
    const narrow = { ...options, containerWidth: 390, targetRowHeight: 380, maxRowHeight: 420 };
    const layout = layoutJustified(
      [
        { width: 900, height: 1600 },
        { width: 900, height: 1600 },
      ],
      narrow,
      undefined,
      true,
    );
    for (const row of layout.rows) expect(row.height).toBeLessThanOrEqual(420);
  });

  it('every complete row spans the container width exactly', () => {
    const items = Array.from(
      { length: 200 },
      (_, i) => [square, landscape, portrait, { width: 1920, height: 1080 }][i % 4]!,
    );
    const layout = layoutJustified(items, options);
    for (const row of layout.rows.filter((r) => r.complete && r.height < options.maxRowHeight)) {
      const last = row.boxes.at(-1)!;
      expect(last.left + last.width).toBe(options.containerWidth);
    }
    expect(layout.rows.flatMap((row) => row.boxes.map((box) => box.index))).toEqual(items.map((_, i) => i));
  });

  it('appending re-lays only the open last row and keeps closed rows as they were', () => {
    const items = Array.from({ length: 50 }, (_, i) => [square, landscape, portrait][i % 3]!);
    const first = layoutJustified(items.slice(0, 25), options);
    const appended = layoutJustified(items, options, first);
    const closed = first.rows.filter((row) => row.complete);
    expect(appended.rows.slice(0, closed.length)).toEqual(closed);
    for (const [i, row] of closed.entries()) expect(appended.rows[i]).toBe(row);
    expect(appended).toEqual(layoutJustified(items, options));
  });

  it('breaks early rather than squeeze a tall image under the minimum box width', () => {
    const tall = { width: 576, height: 1024 }; // 9:16
    const items = [landscape, tall, landscape, landscape, tall, landscape, tall, tall, landscape, landscape];
    const loose = layoutJustified(items, { ...options, targetRowHeight: 280 });
    const narrowest = (layout: typeof loose) =>
      Math.min(
        ...layout.rows.filter((row) => row.complete).flatMap((row) => row.boxes.map((box) => box.width)),
      );
    expect(narrowest(loose)).toBeLessThan(160);
    const guarded = layoutJustified(items, { ...options, targetRowHeight: 280, minBoxWidth: 160 });
    expect(narrowest(guarded)).toBeGreaterThanOrEqual(160);
    expect(guarded.rows.flatMap((row) => row.boxes.map((box) => box.index))).toEqual(items.map((_, i) => i));
  });

  it('widens a box that no break can save, taking the width from its neighbours', () => {
    const tall = { width: 576, height: 1024 };
    const wide = { width: 1920, height: 1080 };
    // Breaking before the third image would need a 423 px row, over this 400 px maximum.
    const layout = layoutJustified([wide, tall, wide, wide], {
      ...options,
      maxRowHeight: 400,
      minBoxWidth: 200,
    });
    const row = layout.rows[0]!;
    expect(row.height).toBe(238);
    expect(row.boxes.map((box) => box.width)).toEqual([390, 200, 390]);
    expect(row.boxes.at(-1)!.left + row.boxes.at(-1)!.width).toBe(1000);
  });

  it('lays out everything again when the width changes', () => {
    const items = Array.from({ length: 30 }, () => landscape);
    const wide = layoutJustified(items, options);
    const narrow = layoutJustified(items, { ...options, containerWidth: 600 }, wide);
    expect(narrow).toEqual(layoutJustified(items, { ...options, containerWidth: 600 }));
    expect(narrow.rows[0]).not.toBe(wide.rows[0]);
  });

  it('an empty feed has no rows and no height', () => {
    expect(layoutJustified([], options)).toEqual({ options, rows: [], itemCount: 0, height: 0 });
  });
});
