import { formatDollars, formatNumber } from './report-format';

/**
 * Reading a measurement by its dotted path, and printing it in its unit. Both the terminal summary
 * and the HTML use these, so a figure reads the same in both.
 */

/** `count` requests or elements; `share` 0..1; `kb` bytes shown as kB (10³, like the GB of the economics). */
export type Unit = 'count' | 'share' | 'kb' | 'ms' | 'rps' | 'ratio' | 'cls' | 'dollars';

/** The finite number at `a.b.c`, or undefined when any step is missing or it is not a number. */
export function valueAt(root: unknown, path: string): number | undefined {
  let node: unknown = root;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === 'number' && Number.isFinite(node) ? node : undefined;
}

export function formatValue(unit: Unit, value: number): string {
  switch (unit) {
    case 'count':
      return formatNumber(value, Number.isInteger(value) ? 0 : 1);
    case 'share':
      return `${formatNumber(value * 100, 1)} %`;
    case 'kb':
      return `${formatNumber(value / 1000, 1)} kB`;
    case 'ms':
      return `${formatNumber(value, value < 10 ? 1 : 0)} ms`;
    case 'rps':
      return `${formatNumber(value)}/s`;
    case 'ratio':
      return formatNumber(value, 2);
    case 'cls':
      return formatNumber(value, 3);
    case 'dollars':
      return formatDollars(value);
  }
}

/** A bound's threshold in its unit, as short as it is exact: `4`, `10 %`, `0.01`. */
export function formatThreshold(unit: Unit, value: number): string {
  if (unit === 'share') return `${Number((value * 100).toPrecision(12))} %`;
  return String(value);
}

/** `0.60×`: always ours ÷ baseline. */
export function formatRatio(ratio: number): string {
  return `${formatNumber(ratio, 2)}×`;
}
