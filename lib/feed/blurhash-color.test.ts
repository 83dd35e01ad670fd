import { encode } from 'blurhash';
import { describe, expect, it } from 'vitest';
import { blurhashAverageColor } from './blurhash-color';

function solid(r: number, g: number, b: number) {
  const pixels = new Uint8ClampedArray(4 * 4 * 4);
  for (let i = 0; i < pixels.length; i += 4) pixels.set([r, g, b, 255], i);
  return encode(pixels, 4, 4, 3, 3);
}

describe('blurhashAverageColor', () => {
  it.each([
    [solid(255, 0, 0), '#ff0000'],
    [solid(18, 52, 86), '#123456'],
    ['bad', '#1c1c22'],
    ['LE!!!!WB2yk8pyo0adR*.7kCMdnj', '#1c1c22'],
  ])('%s → %s', (hash, color) => {
    expect(blurhashAverageColor(hash)).toBe(color);
  });
});
