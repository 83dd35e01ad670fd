/**
 * Justified rows (Flickr / Google Photos style) from stored dimensions only: no DOM measuring, so
 * every row's height is known before any image loads (CLS 0) and the virtualizer gets exact sizes.
 * Pure and deterministic; runs on the server and in the browser.
 */

export interface LayoutOptions {
  containerWidth: number;
  targetRowHeight: number;
  /** A row is never taller than this; a lone very tall image stays narrower than the container. */
  maxRowHeight: number;
  gap: number;
  /**
   * Rows avoid boxes narrower than this where they can (by breaking before the item that would
   * squeeze them): a box narrower than the smallest image variant ÷ the allowed over-fetch would
   * download far more pixels than it shows.
   */
  minBoxWidth?: number;
}

export interface LayoutBox {
  /** Index into the item list. */
  index: number;
  left: number;
  width: number;
}

export interface LayoutRow {
  top: number;
  height: number;
  boxes: LayoutBox[];
  /** The last row stays open until more items arrive or the feed ends. */
  complete: boolean;
}

export interface Layout {
  options: LayoutOptions;
  rows: LayoutRow[];
  /** Number of items laid out. */
  itemCount: number;
  /** Height of all rows including the gaps between them (no gap after the last). */
  height: number;
}

export interface Dimensions {
  width: number;
  height: number;
}

function sameOptions(a: LayoutOptions, b: LayoutOptions): boolean {
  return (
    a.containerWidth === b.containerWidth &&
    a.targetRowHeight === b.targetRowHeight &&
    a.maxRowHeight === b.maxRowHeight &&
    a.gap === b.gap
  );
}

function buildRow(
  items: readonly Dimensions[],
  start: number,
  end: number,
  top: number,
  options: LayoutOptions,
  full: boolean,
  complete: boolean,
): LayoutRow {
  const count = end - start;
  let aspectSum = 0;
  for (let i = start; i < end; i++) aspectSum += items[i]!.width / items[i]!.height;
  const innerWidth = options.containerWidth - options.gap * (count - 1);
  const fitted = innerWidth / aspectSum;
  // The last row keeps the target height instead of stretching its few items across the width.
  const height = Math.round(
    Math.min(full ? fitted : Math.min(fitted, options.targetRowHeight), options.maxRowHeight),
  );
  const widths = widenNarrowBoxes(
    Array.from({ length: count }, (_, k) => (items[start + k]!.width / items[start + k]!.height) * height),
    options.minBoxWidth ?? 0,
  );
  const boxes: LayoutBox[] = [];
  let left = 0;
  for (let i = start; i < end; i++) {
    const isLastOfFullRow = full && i === end - 1 && height < options.maxRowHeight;
    // Rounding each width would leave a ragged edge: the last box of a full row takes the remainder.
    const width = isLastOfFullRow ? options.containerWidth - left : Math.round(widths[i - start]!);
    boxes.push({ index: i, left, width });
    left += width + options.gap;
  }
  return { top, height, boxes, complete };
}

/**
 * When no row break avoids it, a box under the minimum is widened to it and its neighbours give up
 * the difference in proportion to their widths; the images fill their boxes with object-fit: cover,
 * so this costs a crop of a few percent instead of a download twice the size of what is shown.
 */
function widenNarrowBoxes(widths: number[], minimum: number): number[] {
  const deficit = widths.reduce((sum, width) => sum + Math.max(0, minimum - width), 0);
  const donors = widths.reduce((sum, width) => sum + (width > minimum ? width : 0), 0);
  if (deficit === 0 || donors - deficit < minimum) return widths;
  return widths.map((width) => (width < minimum ? minimum : width - (deficit * width) / donors));
}

/**
 * Lays out `items`. Given the previous layout for the same options, closed rows are kept as they
 * are (same objects) and only the open last row is laid out again with the new items: appending a
 * page costs the new items, not the whole feed. `ended` closes the last row too (end of feed).
 */
export function layoutJustified(
  items: readonly Dimensions[],
  options: LayoutOptions,
  previous?: Layout,
  ended = false,
): Layout {
  let rows: LayoutRow[] = [];
  let start = 0;
  let top = 0;
  if (previous && sameOptions(previous.options, options) && previous.itemCount <= items.length) {
    rows = previous.rows.filter((row) => row.complete && row.boxes.at(-1)!.index < items.length);
    const last = rows.at(-1);
    if (last) {
      start = last.boxes.at(-1)!.index + 1;
      top = last.top + last.height + options.gap;
    }
  }

  const fittedHeight = (aspects: number, count: number) =>
    (options.containerWidth - options.gap * (count - 1)) / aspects;
  const closeRow = (end: number) => {
    const row = buildRow(items, rowStart, end, top, options, true, true);
    rows.push(row);
    top += row.height + options.gap;
    rowStart = end;
  };

  let rowStart = start;
  let aspectSum = 0;
  let narrowest = Number.POSITIVE_INFINITY;
  for (let i = start; i < items.length; i++) {
    const aspect = items[i]!.width / items[i]!.height;
    const count = i - rowStart + 1;
    if ((aspectSum + aspect) * options.targetRowHeight + options.gap * (count - 1) < options.containerWidth) {
      aspectSum += aspect;
      narrowest = Math.min(narrowest, aspect);
      continue;
    }
    // The row is full with item i. Break before or after it, whichever height is nearer the target,
    // unless breaking after it squeezes a box under the minimum width and breaking before does not.
    const withItem = fittedHeight(aspectSum + aspect, count);
    const withoutItem = count > 1 ? fittedHeight(aspectSum, count - 1) : Number.POSITIVE_INFINITY;
    const squeezes = Math.min(narrowest, aspect) * withItem < (options.minBoxWidth ?? 0);
    const withoutFits =
      withoutItem <= options.maxRowHeight && narrowest * withoutItem >= (options.minBoxWidth ?? 0);
    const nearer =
      Math.abs(withItem - options.targetRowHeight) <= Math.abs(withoutItem - options.targetRowHeight);
    if (nearer && !(squeezes && withoutFits)) {
      closeRow(i + 1);
      aspectSum = 0;
      narrowest = Number.POSITIVE_INFINITY;
    } else {
      closeRow(i);
      aspectSum = aspect;
      narrowest = aspect;
      if (aspect * options.targetRowHeight >= options.containerWidth) {
        closeRow(i + 1);
        aspectSum = 0;
        narrowest = Number.POSITIVE_INFINITY;
      }
    }
  }
  if (rowStart < items.length) {
    const row = buildRow(items, rowStart, items.length, top, options, false, ended);
    rows.push(row);
    top += row.height + options.gap;
  }
  return { options, rows, itemCount: items.length, height: rows.length > 0 ? top - options.gap : 0 };
}
