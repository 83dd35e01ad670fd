import { describe, expect, it } from 'vitest';
import type { TransformSpec } from './transforms';
import { formatTransform } from './transforms';

describe('formatTransform', () => {
  it.each<[TransformSpec, string]>([
    [{ width: 640 }, 'w-640'],
    [{ width: 640, quality: 80 }, 'w-640,q-80'],
    [{ width: 640, quality: 75 }, 'w-640,q-75'],
    [{ width: 640, ratio: '16:10' }, 'w-640,h-400'],
    [{ width: 1920, quality: 60, ratio: '9:16' }, 'w-1920,q-60,h-3413'],
    [{ width: 320, ratio: '1:1' }, 'w-320,h-320'],
  ])('%j → %s', (spec, expected) => {
    expect(formatTransform(spec)).toBe(expected);
  });
});
