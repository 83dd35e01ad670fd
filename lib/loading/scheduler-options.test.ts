import { describe, expect, it } from 'vitest';
import { resolveOptions, SCHEDULER_DEFAULTS, type SchedulerOptions } from './scheduler-options';

describe('resolveOptions', () => {
  it('fills in the defaults, and an undefined option keeps its default', () => {
    expect(resolveOptions({})).toEqual(SCHEDULER_DEFAULTS);
    expect(resolveOptions({ maxInFlight: undefined, quietAfterFlingMs: 100 })).toEqual({
      ...SCHEDULER_DEFAULTS,
      quietAfterFlingMs: 100,
    });
  });

  it.each<[SchedulerOptions, string]>([
    [{ maxInFlight: 0 }, 'maxInFlight must be a positive integer, got 0'],
    [{ maxInFlight: 2.5 }, 'maxInFlight must be a positive integer, got 2.5'],
    [{ abortViewports: 0.5 }, 'abortViewports must be at least 1, got 0.5'],
    [{ quietAfterFlingMs: -1 }, 'quietAfterFlingMs must not be negative, got -1'],
    [{ quietAfterFlingMs: Number.NaN }, 'quietAfterFlingMs must not be negative, got NaN'],
  ])('refuses %o', (options, message) => {
    expect(() => resolveOptions(options)).toThrow(new RangeError(message));
  });
});
