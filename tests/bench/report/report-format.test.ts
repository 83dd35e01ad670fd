import { describe, expect, it } from 'vitest';
import { formatDollars, formatNumber, roundTo } from './report-format';

describe('formatNumber', () => {
  it.each([
    [0, 0, '0'],
    [999, 0, '999'],
    [1_000, 0, '1,000'],
    [6_000_000, 0, '6,000,000'],
    [1_234_567.891, 2, '1,234,567.89'],
    [-1_234.5, 1, '-1,234.5'],
    [-0.001, 2, '0.00'],
    [0.945 * 100, 1, '94.5'],
    [Number.POSITIVE_INFINITY, 0, 'Infinity'],
  ])('%d with %d decimals → %s', (value, decimals, text) => {
    expect(formatNumber(value, decimals)).toBe(text);
  });
});

describe('formatDollars and roundTo', () => {
  it('print cents and round half away from zero without binary noise', () => {
    expect(formatDollars(1_703.4)).toBe('$1,703.40');
    expect(formatDollars(0)).toBe('$0.00');
    expect(roundTo(1.005, 2)).toBe(1.01);
    expect(roundTo(324 * 0.015, 2)).toBe(4.86);
    expect(roundTo(20_040 * 0.085, 2)).toBe(1_703.4);
    expect(roundTo(-2.5, 0)).toBe(-3);
  });
});
