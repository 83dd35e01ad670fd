import { describe, expect, it } from 'vitest';
import { reportLimits, secondsUntilAdmitted } from './report-limits';

const now = Date.parse('2026-12-06T12:00:00Z');
const minutesAgo = (minutes: number) => now - minutes * 60_000;

describe('secondsUntilAdmitted', () => {
  it.each([
    ['no report yet', { max: 3, windowMs: 3_600_000 }, [], 0],
    ['fewer than max in the window', { max: 3, windowMs: 3_600_000 }, [minutesAgo(1), minutesAgo(2)], 0],
    [
      'max in the window: until the oldest of them leaves it',
      { max: 3, windowMs: 3_600_000 },
      [minutesAgo(1), minutesAgo(2), minutesAgo(50)],
      600,
    ],
    [
      'the max-th newest already outside the window',
      { max: 2, windowMs: 3_600_000 },
      [minutesAgo(1), minutesAgo(61)],
      0,
    ],
    ['once a day, reported a minute ago', { max: 1, windowMs: 86_400_000 }, [minutesAgo(1)], 86_340],
    ['rounded up to a whole second', { max: 1, windowMs: 1_500 }, [now - 1], 2],
  ] as const)('%s', (_label, rule, times, expected) => {
    expect(secondsUntilAdmitted(rule, times, now)).toBe(expected);
  });

  it('names the rules the route applies', () => {
    expect(reportLimits).toEqual({
      address: { max: 10, windowMs: 3_600_000 },
      image: { max: 30, windowMs: 3_600_000 },
      addressImage: { max: 1, windowMs: 86_400_000 },
    });
  });
});
