import { describe, expect, it } from 'vitest';
import {
  createScrollVelocityTracker,
  type FlingState,
  recordScrollEvent,
  scrollMode,
  scrollModeChangesAt,
} from './scroll-velocity';

describe('scroll velocity tracker', () => {
  const cases: { name: string; samples: [y: number, t: number][]; at: number; expected: number }[] = [
    { name: 'no samples', samples: [], at: 1000, expected: 0 },
    { name: 'a single sample', samples: [[500, 1000]], at: 1000, expected: 0 },
    { name: 'idle since the last sample', samples: [[0, 0]], at: 10_000, expected: 0 },
    {
      name: 'steady 16 ms steps of 900 px (a fling)',
      samples: Array.from({ length: 20 }, (_, i): [number, number] => [i * 900, 1000 + i * 16]),
      // at 1304 the window starts at 1204 → position at 1192 (step 12) = 10800; now 19 steps = 17100.
      at: 1304,
      expected: 63_000,
    },
    {
      name: 'reading pace: 100 px every 100 ms',
      samples: [
        [0, 0],
        [100, 100],
        [200, 200],
        [300, 300],
      ],
      at: 300,
      expected: 1000,
    },
    {
      name: 'one wheel notch after a pause is slow',
      samples: [
        [0, 0],
        [120, 5000],
      ],
      at: 5000,
      expected: 1200,
    },
    {
      name: 'one huge programmatic jump is fast',
      samples: [
        [0, 0],
        [18_000, 5000],
      ],
      at: 5000,
      expected: 180_000,
    },
    {
      name: 'the jump leaves the window 100 ms later',
      samples: [
        [0, 0],
        [18_000, 5000],
      ],
      at: 5100,
      expected: 0,
    },
    {
      name: 'halfway out of the window',
      samples: [
        [0, 0],
        [1000, 50],
      ],
      at: 120,
      expected: 10_000,
    },
    {
      name: 'scrolling up counts the same',
      samples: [
        [5000, 0],
        [4000, 50],
        [3000, 100],
      ],
      at: 100,
      expected: 20_000,
    },
    {
      name: 'back and forth within the window nets out',
      samples: [
        [1000, 0],
        [1500, 40],
        [1000, 80],
      ],
      at: 100,
      expected: 0,
    },
    {
      name: 'samples recorded out of order are sorted',
      samples: [
        [300, 300],
        [0, 0],
        [200, 200],
        [100, 100],
      ],
      at: 300,
      expected: 1000,
    },
  ];

  it.each(cases)('$name', ({ samples, at, expected }) => {
    const tracker = createScrollVelocityTracker({ windowMs: 100 });
    for (const [y, t] of samples) tracker.record(y, t);
    expect(tracker.speed(at)).toBeCloseTo(expected, 6);
  });

  it('defaults to a 100 ms window', () => {
    const tracker = createScrollVelocityTracker();
    tracker.record(0, 0);
    tracker.record(500, 1000);
    expect(tracker.speed(1000)).toBe(5000);
  });

  it('a longer window averages over more', () => {
    const tracker = createScrollVelocityTracker({ windowMs: 200 });
    tracker.record(0, 0);
    tracker.record(100, 100);
    tracker.record(900, 200);
    expect(tracker.speed(200)).toBe(4500);
  });

  it('stays exact over a long scroll (old samples are pruned, not misused)', () => {
    const tracker = createScrollVelocityTracker({ windowMs: 100 });
    for (let i = 0; i < 100_000; i++) tracker.record(i * 10, i * 16);
    // The window reaches back to the sample 112 ms earlier: 7 steps of 10 px in 100 ms.
    expect(tracker.speed(99_999 * 16)).toBeCloseTo(700, 6);
  });

  it.each([0, -5, Number.NaN])('rejects a window of %s ms', (windowMs) => {
    expect(() => createScrollVelocityTracker({ windowMs })).toThrow(RangeError);
  });
});

describe('fling detection', () => {
  const rules = { flingSpeed: 2250, settleMs: 150, maxSettleMs: 400 };
  const run = (events: [t: number, speed: number][], start?: FlingState) =>
    events.reduce<FlingState | undefined>(
      (state, [t, speed]) => recordScrollEvent(state, { t, speed }, rules),
      start,
    );

  it.each<{ name: string; events: [number, number][]; start?: FlingState; expected: FlingState | undefined }>(
    [
      { name: 'no events', events: [], expected: undefined },
      {
        name: 'reading pace never flings',
        events: [
          [0, 800],
          [16, 2000],
          [32, 2250],
        ],
        expected: undefined,
      },
      {
        name: 'one fast event starts a fling',
        events: [
          [0, 900],
          [16, 2251],
        ],
        expected: { last: 16, settleMs: 150 },
      },
      {
        name: 'events a frame apart keep the shortest pause',
        events: [
          [0, 9000],
          [16, 9000],
          [33, 9000],
          [50, 9000],
        ],
        expected: { last: 50, settleMs: 150 },
      },
      {
        name: 'the slow tail of a fling extends it, and its gaps set the pause',
        events: [
          [0, 9000],
          [100, 800],
          [240, 100],
        ],
        expected: { last: 240, settleMs: 210 },
      },
      {
        name: 'events far apart (a page drawing few frames) lengthen the pause, which then holds',
        events: [
          [0, 9000],
          [120, 9000],
          [290, 9000],
          [340, 9000],
        ],
        expected: { last: 340, settleMs: 255 },
      },
      {
        name: 'the pause never grows past maxSettleMs',
        events: [
          [0, 9000],
          [140, 9000],
          [349, 9000],
          [662, 9000],
          [1000, 9000],
        ],
        expected: { last: 1000, settleMs: 400 },
      },
      {
        name: 'an event stamped earlier than the last one does not move the fling back',
        events: [
          [100, 9000],
          [80, 9000],
        ],
        expected: { last: 100, settleMs: 150 },
      },
      {
        name: 'a slow scroll a settleMs pause after the fling means reading again: the fling is over',
        events: [
          [0, 9000],
          [150, 800],
        ],
        expected: undefined,
      },
      {
        name: 'slow scrolling after the fling settled ends its quiet period',
        events: [
          [0, 9000],
          [1000, 500],
        ],
        expected: undefined,
      },
      {
        name: 'a second fling replaces the first, with the shortest pause again',
        events: [
          [0, 9000],
          [140, 9000],
          [1000, 500],
          [2000, 5000],
        ],
        expected: { last: 2000, settleMs: 150 },
      },
      {
        name: 'a fast event after a settled fling starts a new one',
        events: [
          [0, 9000],
          [140, 9000],
          [500, 9000],
        ],
        expected: { last: 500, settleMs: 150 },
      },
      {
        name: 'an earlier fling carried in',
        events: [[100, 300]],
        start: { last: 0, settleMs: 150 },
        expected: { last: 100, settleMs: 150 },
      },
    ],
  )('$name', ({ events, start, expected }) => {
    expect(run(events, start)).toEqual(expected);
  });
});

describe('scroll mode', () => {
  const rules = { quietMs: 700 };
  const fling = (last: number, settleMs = 150): FlingState => ({ last, settleMs });

  it.each<[FlingState | undefined, number, string, number | undefined]>([
    [undefined, 0, 'normal', undefined],
    [undefined, 99_999, 'normal', undefined],
    [fling(1000), 1000, 'flinging', 1150],
    [fling(1000), 1149, 'flinging', 1150],
    [fling(1000), 1150, 'settling', 1850],
    [fling(1000), 1849, 'settling', 1850],
    [fling(1000), 1850, 'normal', undefined],
    [fling(1000), 50_000, 'normal', undefined],
    [fling(1000, 400), 1399, 'flinging', 1400],
    [fling(1000, 400), 1400, 'settling', 2100],
  ])('fling %o, now %s → %s (changes at %s)', (state, now, mode, changesAt) => {
    expect(scrollMode(state, now, rules)).toBe(mode);
    expect(scrollModeChangesAt(state, now, rules)).toBe(changesAt);
  });

  it('a run of fast events keeps flinging until it settles', () => {
    const detection = { flingSpeed: 2250, settleMs: 150, maxSettleMs: 400 };
    let state: FlingState | undefined;
    const modes: string[] = [];
    for (let t = 0; t <= 320; t += 16) {
      state = recordScrollEvent(state, { t, speed: t < 200 ? 50_000 : 400 }, detection);
      modes.push(scrollMode(state, t + 1, rules));
    }
    expect(new Set(modes)).toEqual(new Set(['flinging']));
    expect(state).toEqual({ last: 320, settleMs: 150 });
    expect(scrollMode(state, 469, rules)).toBe('flinging');
    expect(scrollMode(state, 470, rules)).toBe('settling');
    expect(scrollMode(state, 1170, rules)).toBe('normal');
  });

  it('a fling whose events drift to 200 ms apart (a page falling behind) is not taken for a stop', () => {
    const detection = { flingSpeed: 2250, settleMs: 150, maxSettleMs: 400 };
    let state: FlingState | undefined;
    const modes: string[] = [];
    for (const t of [0, 100, 240, 440, 640, 840]) {
      // Just before each event: still flinging.
      if (state) modes.push(scrollMode(state, t - 1, rules));
      state = recordScrollEvent(state, { t, speed: 27_000 }, detection);
    }
    expect(new Set(modes)).toEqual(new Set(['flinging']));
    expect(state).toEqual({ last: 840, settleMs: 300 });
    expect(scrollMode(state, 1139, rules)).toBe('flinging');
    expect(scrollMode(state, 1140, rules)).toBe('settling');
  });
});
