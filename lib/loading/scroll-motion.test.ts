import { describe, expect, it } from 'vitest';
import {
  createScrollMotion,
  FLING_MAX_SETTLE_MS,
  FLING_SETTLE_MS,
  FLING_VIEWPORTS_PER_SECOND,
  type ScrollMotion,
  wheelPixels,
} from './scroll-motion';

describe('wheelPixels', () => {
  it.each<[deltaY: number, deltaMode: number, viewportHeight: number, expected: number]>([
    [120, 0, 900, 120],
    [-120, 0, 900, 120],
    [0, 0, 900, 0],
    [3, 1, 900, 120],
    [-1, 1, 900, 40],
    [1, 2, 900, 900],
    [-2, 2, 800, 1600],
  ])('deltaY %s in mode %s at a %s px viewport → %s px', (deltaY, deltaMode, viewportHeight, expected) => {
    expect(wheelPixels(deltaY, deltaMode, viewportHeight)).toBe(expected);
  });
});

describe('scroll motion', () => {
  it('names its numbers once', () => {
    expect([FLING_VIEWPORTS_PER_SECOND, FLING_SETTLE_MS, FLING_MAX_SETTLE_MS]).toEqual([2.5, 150, 400]);
  });

  type Step = ['scroll', y: number, t: number] | ['wheel', deltaY: number, deltaMode: number, t: number];
  const play = (steps: Step[], viewportHeight = 900): ScrollMotion => {
    const motion = createScrollMotion({ y: 0, t: 0 });
    for (const step of steps) {
      if (step[0] === 'scroll') motion.scroll(step[1], step[2], viewportHeight);
      else motion.wheel(step[1], step[2], step[3], viewportHeight);
    }
    return motion;
  };

  it.each<{
    name: string;
    steps: Step[];
    viewportHeight?: number;
    at: number;
    speed: number;
    fling: { last: number; settleMs: number } | undefined;
  }>([
    { name: 'nothing yet', steps: [], at: 100, speed: 0, fling: undefined },
    {
      name: 'exactly 2.5 viewports/s is not a fling',
      steps: [['scroll', 225, 100]],
      at: 100,
      speed: 2250,
      fling: undefined,
    },
    {
      name: 'just over it is',
      steps: [['scroll', 226, 100]],
      at: 100,
      speed: 2260,
      fling: { last: 100, settleMs: 150 },
    },
    {
      name: 'the threshold follows the viewport: 2,100 px/s flings at 800 px tall',
      steps: [['scroll', 210, 100]],
      viewportHeight: 800,
      at: 100,
      speed: 2100,
      fling: { last: 100, settleMs: 150 },
    },
    {
      name: '... and not at 900 px tall',
      steps: [['scroll', 210, 100]],
      at: 100,
      speed: 2100,
      fling: undefined,
    },
    {
      name: 'a wheel fling held at the end of the rows (no scroll event) flings',
      steps: [
        ['wheel', 2700, 0, 30],
        ['wheel', 2700, 0, 60],
        ['wheel', 2700, 0, 90],
        ['wheel', 2700, 0, 120],
      ],
      at: 120,
      speed: 108_000,
      fling: { last: 120, settleMs: 150 },
    },
    {
      name: 'wheel lines count 40 px each, upward the same',
      steps: [['wheel', -3, 1, 50]],
      at: 50,
      speed: 1200,
      fling: undefined,
    },
    {
      name: 'one notch, then the page moving a few ms later, is slow (the two are measured apart)',
      steps: [
        ['wheel', 120, 0, 1000],
        ['scroll', 120, 1005],
      ],
      at: 1005,
      speed: 1200,
      fling: undefined,
    },
    {
      name: 'the speed is the faster of scroll and wheel',
      steps: [
        ['scroll', 100, 50],
        ['wheel', 900, 0, 60],
      ],
      at: 60,
      speed: 9000,
      fling: { last: 60, settleMs: 150 },
    },
    {
      name: 'a page falling behind: events 140 and 200 ms apart lengthen the pause to 1.5× the gap',
      steps: [
        ['scroll', 5000, 100],
        ['scroll', 10_000, 240],
        ['scroll', 15_000, 440],
      ],
      at: 440,
      speed: 50_000,
      fling: { last: 440, settleMs: 300 },
    },
    {
      name: 'the pause stops at 400 ms',
      steps: [
        ['scroll', 5000, 100],
        ['scroll', 10_000, 240],
        ['scroll', 15_000, 440],
        ['scroll', 20_000, 700],
        ['scroll', 25_000, 1000],
      ],
      at: 1000,
      speed: 50_000,
      fling: { last: 1000, settleMs: 400 },
    },
    {
      name: 'a first gap longer than 150 ms is still taken for a stop: the next fast event starts anew',
      steps: [
        ['scroll', 5000, 100],
        ['scroll', 10_000, 400],
      ],
      at: 400,
      speed: 50_000,
      fling: { last: 400, settleMs: 150 },
    },
    {
      name: 'a slow scroll after the fling settled ends it',
      steps: [
        ['scroll', 9000, 100],
        ['scroll', 9050, 1000],
      ],
      at: 1000,
      speed: 500,
      fling: undefined,
    },
    {
      name: 'while the fling lasts, its speed holds between events (a page drawing few frames)',
      steps: [['scroll', 9000, 100]],
      at: 249,
      speed: 90_000,
      fling: { last: 100, settleMs: 150 },
    },
    {
      name: 'once it settled, the speed is 0',
      steps: [['scroll', 9000, 100]],
      at: 250,
      speed: 0,
      fling: { last: 100, settleMs: 150 },
    },
    {
      name: 'at reading pace the speed falls to 0 100 ms after the last event',
      steps: [['scroll', 100, 100]],
      at: 200,
      speed: 0,
      fling: undefined,
    },
  ])('$name', ({ steps, viewportHeight, at, speed, fling }) => {
    const motion = play(steps, viewportHeight);
    expect(motion.speed(at)).toBeCloseTo(speed, 6);
    expect(motion.fling()).toEqual(fling);
  });

  it('flings until the settle pause has passed', () => {
    const motion = play([
      ['scroll', 5000, 100],
      ['scroll', 10_000, 240],
      ['scroll', 15_000, 440],
    ]);
    expect([739, 740].map((t) => motion.flinging(t))).toEqual([true, false]);
    expect(play([]).flinging(0)).toBe(false);
    expect(play([['scroll', 9000, 100]]).flinging(249)).toBe(true);
    expect(play([['scroll', 9000, 100]]).flinging(250)).toBe(false);
  });

  it('measures the first event against the position it started from', () => {
    const motion = createScrollMotion({ y: 4000, t: 0 });
    motion.scroll(4100, 100, 900);
    expect(motion.speed(100)).toBe(1000);
  });
});
