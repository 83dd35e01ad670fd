import { describe, expect, it } from 'vitest';
import type { OutputFormat } from '../images/ladder';
import {
  acceptedMediaTypes,
  edgeAvifMaxDimension,
  negotiateEdgeFormat,
  negotiateFormat,
  sourceMayHaveAlpha,
} from './negotiate';

const chrome = 'image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8';
const safari15 = 'image/webp,image/png,image/svg+xml,image/*;q=0.8,video/*;q=0.8,*/*;q=0.5';
const legacy = 'image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5';

describe('negotiateFormat', () => {
  it.each<[string | null, boolean, OutputFormat]>([
    [chrome, false, 'avif'],
    [chrome, true, 'avif'],
    [safari15, false, 'webp'],
    [safari15, true, 'webp'],
    [legacy, false, 'jpeg'],
    [legacy, true, 'png'],
    [null, false, 'jpeg'],
    [null, true, 'png'],
    ['', false, 'jpeg'],
    ['*/*', false, 'jpeg'],
    ['image/*', true, 'png'],
    ['image/avif;q=0,image/webp', false, 'webp'],
    ['image/avif;q=0.0,image/webp;q=0', false, 'jpeg'],
    ['image/avif; q=0.1', false, 'avif'],
    ['image/avif;q = 0.5', false, 'avif'],
    ['IMAGE/AVIF', false, 'avif'],
    ['  image/webp  ;  q=1 ', false, 'webp'],
    ['image/avif;q=abc', false, 'jpeg'],
    ['image/avif;level=1;q=0.9', false, 'avif'],
    ['image/avifx,image/webpx', false, 'jpeg'],
    ['text/html,image/webp;q=0.9,image/avif;q=0.1', false, 'avif'],
    [',,;,image/webp', false, 'webp'],
  ])('%j, alpha %s → %s', (accept, alpha, expected) => {
    expect(negotiateFormat(accept, alpha)).toBe(expected);
  });
});

describe('acceptedMediaTypes', () => {
  it('lists explicit types with q > 0', () => {
    expect([...acceptedMediaTypes('image/avif;q=0, image/WebP, */*;q=0.8')]).toEqual(['image/webp', '*/*']);
  });
});

describe('sourceMayHaveAlpha', () => {
  it.each([
    ['g/a.png', true],
    ['g/a.PNG', true],
    ['g/a.webp', true],
    ['g/a.avif', true],
    ['g/a.gif', true],
    ['g/a.jpg', false],
    ['g/a.jpeg', false],
    ['g/a', false],
    ['g/dir.png/a', false],
    ['g/a.png.jpg', false],
  ])('%s → %s', (path, expected) => {
    expect(sourceMayHaveAlpha(path)).toBe(expected);
  });
});

describe('negotiateEdgeFormat: no AVIF asked of cf.image above 1,200 px', () => {
  it("the limit is Cloudflare's AVIF dimension limit", () => {
    expect(edgeAvifMaxDimension).toBe(1200);
  });

  it.each<[string | null, boolean, number, number | null, OutputFormat]>([
    [chrome, false, 960, null, 'avif'],
    [chrome, false, 1200, null, 'avif'],
    [chrome, false, 1201, null, 'webp'],
    [chrome, false, 1280, null, 'webp'],
    [chrome, false, 1920, null, 'webp'],
    [chrome, true, 1920, null, 'webp'],
    [chrome, false, 960, 1200, 'avif'],
    [chrome, false, 960, 1440, 'webp'],
    [chrome, false, 1280, 720, 'webp'],
    ['image/avif', false, 1920, null, 'jpeg'],
    ['image/avif', true, 1920, null, 'png'],
    ['image/avif', false, 640, null, 'avif'],
    [safari15, false, 1920, null, 'webp'],
    [legacy, false, 1920, null, 'jpeg'],
    [null, true, 1920, null, 'png'],
  ])('Accept %s, alpha %s, %d × %s → %s', (accept, alpha, width, height, expected) => {
    expect(negotiateEdgeFormat(accept, alpha, { width, height })).toBe(expected);
  });
});
