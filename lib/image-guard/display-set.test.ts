import { describe, expect, it } from 'vitest';
import { displayFormats, displaySet, isEmittedTransform, storedKeyFor } from './display-set';
import { normalizeTransform } from './normalize';

const photo = `g/${'a'.repeat(64)}.jpg`;
const alpha = `g/${'b'.repeat(64)}.png`;

describe('displayFormats', () => {
  it.each([
    [photo, ['avif', 'webp', 'jpeg']],
    [alpha, ['avif', 'webp', 'png']],
    [`g/${'c'.repeat(64)}.webp`, ['avif', 'webp', 'png']],
  ])('%s → %j', (storagePath, expected) => {
    expect(displayFormats(storagePath)).toEqual(expected);
  });
});

describe('displaySet', () => {
  it('is every rung the source fills and the one above it (at its own width), smallest first, in each display format', () => {
    expect(displaySet(photo, 1000).map((variant) => variant.storedKey)).toEqual([
      `v/${photo}/w-320,q-75.avif`,
      `v/${photo}/w-320,q-75.webp`,
      `v/${photo}/w-320,q-75.jpeg`,
      `v/${photo}/w-640,q-75.avif`,
      `v/${photo}/w-640,q-75.webp`,
      `v/${photo}/w-640,q-75.jpeg`,
      `v/${photo}/w-960,q-75.avif`,
      `v/${photo}/w-960,q-75.webp`,
      `v/${photo}/w-960,q-75.jpeg`,
      `v/${photo}/w-1280,q-75.avif`,
      `v/${photo}/w-1280,q-75.webp`,
      `v/${photo}/w-1280,q-75.jpeg`,
    ]);
  });

  it.each([
    [200, 3],
    [576, 6],
    [640, 6],
    [1000, 12],
    [1920, 15],
    [8000, 15],
  ])('a %d px source has %d members', (width, count) => {
    expect(displaySet(alpha, width)).toHaveLength(count);
  });

  it('names each member by its variant key and its stored key', () => {
    expect(displaySet(alpha, 320)[2]).toEqual({
      variantKey: `${alpha}/w-320,q-75.png`,
      storedKey: `v/${alpha}/w-320,q-75.png`,
      width: 320,
      format: 'png',
    });
  });
});

describe('storedKeyFor', () => {
  it.each([
    ['w-640', 'avif', `v/${photo}/w-640,q-75.avif`],
    ['w-700,q-75', 'webp', `v/${photo}/w-640,q-75.webp`],
    ['w-1920', 'jpeg', `v/${photo}/w-1920,q-75.jpeg`],
    ['w-640,q-80', 'avif', null],
    ['w-640,h-640', 'avif', null],
    ['w-640,q-50', 'webp', null],
  ] as const)('/i/%s as %s → %s', (segment, format, expected) => {
    expect(storedKeyFor(photo, normalizeTransform(segment), format)).toBe(expected);
  });

  it('agrees with the display set for every member', () => {
    for (const variant of displaySet(photo, 4000)) {
      const transform = { width: variant.width, quality: 75, ratio: null } as const;
      expect(storedKeyFor(photo, transform, variant.format)).toBe(variant.storedKey);
      expect(isEmittedTransform(transform)).toBe(true);
    }
  });
});
