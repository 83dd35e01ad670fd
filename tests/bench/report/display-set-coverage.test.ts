import { describe, expect, it } from 'vitest';
import { displaySetCoverage, isDisplaySetMember, meanDisplaySetMembers } from './display-set-coverage';

const jpeg = `g/${'a'.repeat(64)}.jpg`;
const png = `g/${'b'.repeat(64)}.png`;
const widths = new Map([
  [jpeg, 2560],
  [png, 1000],
]);

describe('isDisplaySetMember', () => {
  it.each([
    [`/i/w-640/${jpeg}`, true],
    [`/i/w-1920/${jpeg}`, true],
    [`/i/w-640,q-75/${jpeg}`, true],
    // Another quality or a ratio is made on request, never stored.
    [`/i/w-640,q-85/${jpeg}`, false],
    [`/i/w-640,h-800/${jpeg}`, false],
    // A 1,000 px source fills 320, 640 and 960, and 1280 holds its own 1,000 pixels; 1920 is out.
    [`/i/w-960/${png}`, true],
    [`/i/w-1280/${png}`, true],
    [`/i/w-1920/${png}`, false],
    // A source the feed does not hold, and a path that is not an image path.
    [`/i/w-640/g/${'c'.repeat(64)}.jpg`, false],
    ['/o/g/x.jpg', false],
  ])('%s → %s', (pathname, member) => {
    expect(isDisplaySetMember(pathname, widths)).toBe(member);
  });
});

describe('displaySetCoverage', () => {
  it('counts the distinct URLs asked for, those outside every set, and the misses outside per seen image', () => {
    const coverage = displaySetCoverage({
      cards: [
        { storagePath: jpeg, width: 2560 },
        { storagePath: png, width: 1000 },
      ],
      requested: [`/i/w-640/${jpeg}`, `/i/w-640/${jpeg}`, `/i/w-640/${png}`, `/i/w-640,q-85/${jpeg}`],
      misses: { cold: [`/i/w-640/${jpeg}`, `/i/w-640,q-85/${jpeg}`], warm: [] },
      seen: { cold: 4, warm: 3 },
    });
    expect(coverage).toEqual({
      emittedUrls: 3,
      emittedOutsideSet: 1,
      outsideSetPerSeen: 0.25,
      outsideSetPerSeenWarm: 0,
      outside: [`/i/w-640,q-85/${jpeg}`],
    });
  });
});

describe('meanDisplaySetMembers', () => {
  it('averages rungs × three formats: 5 × 3 for 2,560 px, 4 × 3 for 1,000 px (the top one at its width)', () => {
    expect(
      meanDisplaySetMembers([
        { storagePath: jpeg, width: 2560 },
        { storagePath: png, width: 1000 },
      ]),
    ).toBe(13.5);
    expect(() => meanDisplaySetMembers([])).toThrow('at least one card');
  });
});
