import { describe, expect, it } from 'vitest';
import { createPrng, mixSeed, mulberry32 } from './prng';

describe('prng', () => {
  it('is deterministic per seed and stream', () => {
    const a = createPrng(42);
    const b = createPrng(42);
    const sequence = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(sequence);
    expect(createPrng(42, 1).next()).not.toBe(sequence[0]);
    expect(createPrng(43).next()).not.toBe(sequence[0]);
  });

  it('matches the reference mulberry32 output', () => {
    // First value of the published algorithm for state 0.
    expect(mulberry32(0)()).toBeCloseTo(0.26642920868471265, 15);
  });

  it('spreads neighbouring seeds apart', () => {
    const mixed = new Set(Array.from({ length: 1000 }, (_, i) => mixSeed(i)));
    expect(mixed.size).toBe(1000);
    expect(mixSeed(1)).not.toBe(mixSeed(1, 1));
  });

  it('keeps helpers inside their ranges', () => {
    const prng = createPrng(7);
    const ints = new Set<number>();
    for (let i = 0; i < 5000; i++) {
      const v = prng.next();
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(1);
      const r = prng.range(-2, 3);
      expect(r).toBeGreaterThanOrEqual(-2);
      expect(r).toBeLessThan(3);
      ints.add(prng.int(1, 6));
    }
    expect([...ints].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('picks by weight and samples without repeats', () => {
    const prng = createPrng(3);
    const counts = { a: 0, b: 0, never: 0 };
    for (let i = 0; i < 4000; i++)
      counts[
        prng.weighted([
          ['a', 3],
          ['b', 1],
          ['never', 0],
        ] as const)
      ]++;
    expect(counts.never).toBe(0);
    expect(counts.a / counts.b).toBeGreaterThan(2.5);
    expect(counts.a / counts.b).toBeLessThan(3.5);

    const sample = prng.sample([1, 2, 3, 4, 5], 3);
    expect(new Set(sample).size).toBe(3);
    expect(() => prng.pick([])).toThrow(RangeError);
  });
});
