import { describe, expect, it } from 'vitest';
import { formatRatio, formatThreshold, formatValue, type Unit, valueAt } from './report-values';

describe('valueAt', () => {
  const report = { feed: { ours: { maxInflight: 4, cls: Number.NaN, label: 'x' } }, api: null };

  it('reads a finite number by dotted path, and nothing else', () => {
    expect(valueAt(report, 'feed.ours.maxInflight')).toBe(4);
    expect(valueAt(report, 'feed.ours.cls')).toBeUndefined();
    expect(valueAt(report, 'feed.ours.label')).toBeUndefined();
    expect(valueAt(report, 'feed.naive.maxInflight')).toBeUndefined();
    expect(valueAt(report, 'api.keyset.deepOverFirst')).toBeUndefined();
    expect(valueAt(report, 'feed.ours.maxInflight.x')).toBeUndefined();
    expect(valueAt(report, 'feed.constructor')).toBeUndefined();
  });
});

describe('formatValue, formatThreshold, formatRatio', () => {
  it.each<[Unit, number, string]>([
    ['count', 240, '240'],
    ['count', 1.5, '1.5'],
    ['share', 0.945, '94.5 %'],
    ['kb', 61_400, '61.4 kB'],
    ['kb', 3_340_000, '3,340.0 kB'],
    ['ms', 293, '293 ms'],
    ['ms', 2.14, '2.1 ms'],
    ['rps', 7_228.4, '7,228/s'],
    ['ratio', 22.9, '22.90'],
    ['cls', 0.053, '0.053'],
    ['dollars', 47.5, '$47.50'],
  ])('%s %d → %s', (unit, value, text) => {
    expect(formatValue(unit, value)).toBe(text);
  });

  it('prints thresholds exactly and ratios with a ×', () => {
    expect(formatThreshold('share', 0.1)).toBe('10 %');
    expect(formatThreshold('share', 0.025)).toBe('2.5 %');
    expect(formatThreshold('cls', 0.01)).toBe('0.01');
    expect(formatThreshold('count', 12)).toBe('12');
    expect(formatRatio(4 / 240)).toBe('0.02×');
    expect(formatRatio(3.57)).toBe('3.57×');
  });
});
