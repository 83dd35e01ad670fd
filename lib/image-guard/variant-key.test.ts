import { describe, expect, it } from 'vitest';
import type { OutputFormat } from '../images/ladder';
import { normalizeTransform } from './normalize';
import { transformKey, variantKey } from './variant-key';

describe('variantKey', () => {
  it.each<[string, string, OutputFormat, string]>([
    ['g/abc.jpg', 'w-640', 'avif', 'g/abc.jpg/w-640,q-75.avif'],
    ['g/abc.jpg', 'w-640,q-80', 'webp', 'g/abc.jpg/w-640,q-80.webp'],
    ['g/abc.jpg', 'w-1280,h-1600', 'avif', 'g/abc.jpg/w-1280,q-75,r-4x5.avif'],
    ['g/abc.jpg', 'h-400,w-640,q-85', 'jpeg', 'g/abc.jpg/w-640,q-85,r-16x10.jpeg'],
    ['g/abc.png', '', 'png', 'g/abc.png/w-1920,q-75.png'],
    ['g/2024/abc.jpg', 'w-999,q-77', 'avif', 'g/2024/abc.jpg/w-960,q-75.avif'],
  ])('%s %s %s', (path, segment, format, expected) => {
    expect(variantKey(path, normalizeTransform(segment), format)).toBe(expected);
  });

  it('transformKey names every ratio with x instead of :', () => {
    expect(transformKey({ width: 320, quality: 50, ratio: '10:16', height: 512 })).toBe('w-320,q-50,r-10x16');
  });
});
