import { describe, expect, it } from 'vitest';
import { createPageLatency, INITIAL_PAGE_LATENCY_MS } from './page-latency';

describe('page latency', () => {
  it('starts from the initial guess', () => {
    expect(INITIAL_PAGE_LATENCY_MS).toBe(300);
    expect(createPageLatency().current()).toBe(300);
    expect(createPageLatency(120).current()).toBe(120);
  });

  it.each<{ name: string; samples: number[]; expected: number }>([
    { name: 'no page yet', samples: [], expected: 300 },
    { name: 'one slow page moves it by 0.3 of the difference', samples: [1000], expected: 510 },
    { name: 'one fast page', samples: [0], expected: 210 },
    { name: 'a steady 300 ms stays put', samples: [300, 300, 300], expected: 300 },
    { name: 'a slower network shows within a few pages', samples: [800, 800, 800], expected: 628.5 },
    { name: 'one spike fades', samples: [2000, 200, 200, 200], expected: 409.23 },
    { name: 'a negative time is ignored', samples: [-50], expected: 300 },
    {
      name: 'NaN and Infinity are ignored',
      samples: [Number.NaN, Number.POSITIVE_INFINITY, 1000],
      expected: 510,
    },
  ])('$name', ({ samples, expected }) => {
    const latency = createPageLatency();
    for (const ms of samples) latency.record(ms);
    expect(latency.current()).toBeCloseTo(expected, 9);
  });

  it('each store keeps its own estimate', () => {
    const first = createPageLatency();
    const second = createPageLatency();
    first.record(1000);
    expect(first.current()).toBeCloseTo(510, 9);
    expect(second.current()).toBe(300);
  });
});
