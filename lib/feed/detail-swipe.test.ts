import { describe, expect, it } from 'vitest';
import { classifyDetailSwipe, claimsTouchMove, type SwipeInput } from './detail-swipe';

const gesture = (dx: number, dy: number, ms = 150, onScrollingPanel = false): SwipeInput => ({
  dx,
  dy,
  ms,
  onScrollingPanel,
});

describe('classifyDetailSwipe', () => {
  it.each([
    ['left swipe → next', gesture(-270, 10), 'next'],
    ['right swipe → previous', gesture(270, -10), 'previous'],
    ['down swipe → close', gesture(5, 300), 'close'],
    ['down swipe on the scrolling panel → its scroll', gesture(5, 300, 150, true), null],
    ['left swipe on the panel still moves', gesture(-200, 20, 150, true), 'next'],
    ['up swipe → nothing', gesture(0, -300), null],
    ['a tap', gesture(2, 3, 80), null],
    ['just under the distance', gesture(-60, 0), null],
    ['just over the distance', gesture(-61, 0), 'next'],
    ['diagonal', gesture(-100, 80), null],
    ['too slow', gesture(-300, 0, 601), null],
    ['as slow as allowed', gesture(-300, 0, 600), 'next'],
  ] as const)('%s', (_name, input, expected) => {
    expect(classifyDetailSwipe(input)).toBe(expected);
  });
});

describe('claimsTouchMove', () => {
  it.each([
    [-30, 5, false, true],
    [30, -5, true, true],
    [2, 30, false, true],
    [2, 30, true, false],
    [2, -30, false, false],
    [0, 0, false, false],
  ])('dx %i, dy %i, on panel %s → %s', (dx, dy, onPanel, expected) => {
    expect(claimsTouchMove(dx, dy, onPanel)).toBe(expected);
  });
});
