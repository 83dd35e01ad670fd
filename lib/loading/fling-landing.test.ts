import { describe, expect, it } from 'vitest';
import { createLandingGate, LANDING_CONFIRM_MS } from './fling-landing';

describe('createLandingGate', () => {
  it('holds a fling that just ended as flinging until the page has watched its pause', () => {
    const gate = createLandingGate();
    const fling = { last: 1_000, settleMs: 150 };
    expect(gate(fling, 'flinging', 1_100)).toEqual({ mode: 'flinging', confirmedAt: Infinity });
    // First seen over at 1,700 (after a long task): held until 1,850.
    expect(gate(fling, 'settling', 1_700)).toEqual({
      mode: 'flinging',
      confirmedAt: 1_700 + LANDING_CONFIRM_MS,
    });
    expect(gate(fling, 'settling', 1_849)).toEqual({ mode: 'flinging', confirmedAt: 1_850 });
    expect(gate(fling, 'settling', 1_850)).toEqual({ mode: 'settling', confirmedAt: Infinity });
    expect(gate(fling, 'normal', 4_000)).toEqual({ mode: 'normal', confirmedAt: Infinity });
  });

  it('starts over for a fling resumed meanwhile, and lets a page that never flung be', () => {
    const gate = createLandingGate();
    expect(gate(undefined, 'normal', 10)).toEqual({ mode: 'normal', confirmedAt: Infinity });
    gate({ last: 1_000, settleMs: 150 }, 'settling', 1_700);
    expect(gate({ last: 1_720, settleMs: 150 }, 'flinging', 1_750).mode).toBe('flinging');
    expect(gate({ last: 1_720, settleMs: 150 }, 'settling', 1_900)).toEqual({
      mode: 'flinging',
      confirmedAt: 2_050,
    });
  });
});
