import { describe, expect, it } from 'vitest';
import { type LoadCandidate, type LoadMode, type LoadPlan, loadCandidates, planLoads } from './plan-loads';

/** Waiting, inside the prefetch window. */
const queued = (key: string, distance: number): LoadCandidate => ({
  key,
  distance,
  inWindow: true,
  state: 'waiting',
});
/** Waiting, but the window no longer contains it. */
const left = (key: string, distance: number): LoadCandidate => ({
  key,
  distance,
  inWindow: false,
  state: 'waiting',
});
/** Fetch in flight; `inWindow` does not matter for a loading image, only its distance. */
const loading = (key: string, distance: number, inWindow = true): LoadCandidate => ({
  key,
  distance,
  inWindow,
  state: 'loading',
});

const plan = (start: string[] = [], abort: string[] = [], drop: string[] = []): LoadPlan => ({
  start,
  abort,
  drop,
});

interface Case {
  name: string;
  candidates: LoadCandidate[];
  mode?: LoadMode;
  maxInFlight?: number;
  abortDistance?: number;
  expected: LoadPlan;
}

const cases: Case[] = [
  { name: 'nothing tracked', candidates: [], expected: plan() },
  { name: 'one visible image starts', candidates: [queued('a', 0)], expected: plan(['a']) },
  {
    name: 'nearest first, whatever the given order',
    candidates: [queued('far', 900), queued('near', 10), queued('visible', 0), queued('mid', 300)],
    expected: plan(['visible', 'near', 'mid', 'far']),
  },
  {
    name: 'the cap leaves the farthest queued',
    candidates: [
      queued('e', 1200),
      queued('a', 0),
      queued('d', 800),
      queued('b', 0),
      queued('c', 400),
      queued('f', 1300),
    ],
    expected: plan(['a', 'b', 'c', 'd']),
  },
  {
    name: 'ties keep the given (document) order',
    candidates: [queued('x', 0), queued('y', 0), queued('z', 0), queued('w', 0), queued('v', 0)],
    expected: plan(['x', 'y', 'z', 'w']),
  },
  {
    name: 'ties among equal non-zero distances are stable too',
    candidates: [queued('p', 50), queued('q', 20), queued('r', 50), queued('s', 20)],
    expected: plan(['q', 's', 'p', 'r']),
  },
  {
    name: 'fetches in flight use up slots',
    candidates: [loading('a', 0), loading('b', 0), loading('c', 200), queued('d', 100), queued('e', 0)],
    expected: plan(['e']),
  },
  {
    name: 'a full house starts nothing',
    candidates: [loading('a', 0), loading('b', 0), loading('c', 0), loading('d', 0), queued('e', 0)],
    expected: plan(),
  },
  {
    name: 'more in flight than the cap (cap lowered) starts nothing and aborts nothing nearby',
    candidates: [loading('a', 0), loading('b', 0), loading('c', 0), queued('d', 0)],
    maxInFlight: 2,
    expected: plan(),
  },
  {
    name: 'a loading image beyond the abort distance is aborted and frees its slot',
    candidates: [loading('a', 0), loading('b', 0), loading('c', 0), loading('gone', 1801), queued('e', 0)],
    expected: plan(['e'], ['gone']),
  },
  {
    name: 'exactly at the abort distance keeps loading',
    candidates: [loading('edge', 1800), queued('a', 0)],
    expected: plan(['a']),
  },
  {
    name: 'a loading image outside the window but within the abort distance keeps loading',
    candidates: [loading('a', 1200, false)],
    expected: plan(),
  },
  {
    name: 'an unmeasurable loading image (infinite distance) is aborted',
    candidates: [loading('detached', Number.POSITIVE_INFINITY, false)],
    expected: plan([], ['detached']),
  },
  {
    name: 'a NaN distance counts as infinitely far',
    candidates: [loading('nan', Number.NaN), queued('b', Number.NaN), queued('a', 5)],
    expected: plan(['a', 'b'], ['nan']),
  },
  {
    name: 'waiting images that left the window are dropped, never started',
    candidates: [left('old', 600), queued('a', 0), left('older', 2000)],
    expected: plan(['a'], [], ['old', 'older']),
  },
  {
    name: 'a dropped image is dropped even when slots are free and it is near',
    candidates: [left('near-but-out', 0)],
    expected: plan([], [], ['near-but-out']),
  },
  {
    name: 'abort, drop and start together',
    candidates: [
      loading('l1', 0),
      loading('l2', 5000),
      left('w-out', 700),
      queued('w2', 300),
      loading('l3', 2500),
      queued('w1', 0),
      queued('w3', 600),
    ],
    expected: plan(['w1', 'w2', 'w3'], ['l2', 'l3'], ['w-out']),
  },
  {
    name: 'flinging: nothing starts, even on screen with free slots',
    candidates: [queued('a', 0), queued('b', 100)],
    mode: 'flinging',
    expected: plan(),
  },
  {
    name: 'flinging: far fetches are still aborted and stale ones dropped',
    candidates: [loading('a', 9000), loading('b', 0), left('c', 950), queued('d', 0)],
    mode: 'flinging',
    expected: plan([], ['a'], ['c']),
  },
  {
    name: 'settling: only images on screen start',
    candidates: [queued('below', 100), queued('v1', 0), queued('above', 40), queued('v2', 0)],
    mode: 'settling',
    expected: plan(['v1', 'v2']),
  },
  {
    name: 'settling: the cap still applies',
    candidates: [loading('x', 0), loading('y', 0), queued('v1', 0), queued('v2', 0), queued('v3', 0)],
    mode: 'settling',
    expected: plan(['v1', 'v2']),
  },
  {
    name: 'settling: nothing on screen waiting means nothing starts',
    candidates: [queued('a', 1), queued('b', 300)],
    mode: 'settling',
    expected: plan(),
  },
  {
    name: 'settling: aborts and drops as usual',
    candidates: [loading('far', 4000), left('gone', 1000), queued('v', 0)],
    mode: 'settling',
    expected: plan(['v'], ['far'], ['gone']),
  },
  {
    name: 'a cap of 1 serializes',
    candidates: [queued('b', 10), queued('a', 0)],
    maxInFlight: 1,
    expected: plan(['a']),
  },
  {
    name: 'a cap of 0 starts nothing',
    candidates: [queued('a', 0)],
    maxInFlight: 0,
    expected: plan(),
  },
  {
    name: 'a large cap starts everything in the window',
    candidates: [queued('c', 30), left('x', 10), queued('a', 0), queued('b', 20)],
    maxInFlight: 100,
    expected: plan(['a', 'b', 'c'], [], ['x']),
  },
  {
    name: 'a smaller abort distance aborts sooner',
    candidates: [loading('a', 901), loading('b', 900)],
    abortDistance: 900,
    expected: plan([], ['a']),
  },
  {
    name: 'infinite in-window distances sort last without breaking the order',
    candidates: [
      queued('i1', Number.POSITIVE_INFINITY),
      queued('a', 0),
      queued('i2', Number.POSITIVE_INFINITY),
    ],
    expected: plan(['a', 'i1', 'i2']),
  },
];

describe('planLoads', () => {
  it.each(cases)(
    '$name',
    ({ candidates, mode = 'normal', maxInFlight = 4, abortDistance = 1800, expected }) => {
      expect(planLoads(candidates, { maxInFlight, mode, abortDistance })).toEqual(expected);
    },
  );

  it('does not mutate its input', () => {
    const candidates = [queued('b', 10), queued('a', Number.NaN), loading('c', 5000)];
    const copy = structuredClone(candidates);
    planLoads(candidates, { maxInFlight: 4, mode: 'normal', abortDistance: 1800 });
    expect(candidates).toEqual(copy);
  });

  it('never has more in flight than the cap after the plan, whatever the input', () => {
    for (let seed = 1; seed <= 200; seed++) {
      let state = seed;
      const random = () => {
        state = (state * 1103515245 + 12345) % 2 ** 31;
        return state / 2 ** 31;
      };
      const candidates: LoadCandidate[] = Array.from({ length: Math.floor(random() * 20) }, (_, index) => ({
        key: `k${index}`,
        distance: random() < 0.3 ? 0 : Math.floor(random() * 4000),
        inWindow: random() < 0.7,
        state: random() < 0.3 ? 'loading' : 'waiting',
      }));
      const maxInFlight = 1 + Math.floor(random() * 5);
      const result = planLoads(candidates, { maxInFlight, mode: 'normal', abortDistance: 1800 });
      const stillLoading = candidates.filter((c) => c.state === 'loading' && !result.abort.includes(c.key));
      expect(stillLoading.length + result.start.length).toBeLessThanOrEqual(
        Math.max(maxInFlight, stillLoading.length),
      );
      if (stillLoading.length < maxInFlight) {
        const startable = candidates.filter((c) => c.state === 'waiting' && c.inWindow).length;
        expect(result.start.length).toBe(Math.min(startable, maxInFlight - stillLoading.length));
      }
    }
  });
});

describe('loadCandidates', () => {
  const image = (
    key: string,
    distance: number,
    sliver = false,
    state: 'waiting' | 'loading' = 'waiting',
  ) => ({
    key,
    state,
    distance,
    inWindow: true,
    sliver,
  });

  it('holds slivers after a fling while a card at least half on screen waits, then lets them go', () => {
    const waiting = [image('card', 0), image('sliver', 0, true)];
    expect(loadCandidates(waiting, { mode: 'settling', prefetch: true }).map((c) => c.distance)).toEqual([
      0, 1,
    ]);
    const started = [image('card', 0, false, 'loading'), image('sliver', 0, true)];
    expect(loadCandidates(started, { mode: 'settling', prefetch: true }).map((c) => c.distance)).toEqual([
      0, 0,
    ]);
    expect(loadCandidates(waiting, { mode: 'normal', prefetch: true }).map((c) => c.distance)).toEqual([
      0, 0,
    ]);
  });

  it('without prefetch (Save-Data) only what is on screen is in the window', () => {
    const images = [image('on', 0), image('below', 300)];
    expect(loadCandidates(images, { mode: 'normal', prefetch: false }).map((c) => c.inWindow)).toEqual([
      true,
      false,
    ]);
    expect(loadCandidates(images, { mode: 'normal', prefetch: true }).map((c) => c.inWindow)).toEqual([
      true,
      true,
    ]);
  });
});
