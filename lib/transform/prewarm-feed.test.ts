import { describe, expect, it } from 'vitest';
import type { FeedItem } from '@/lib/feed/feed-types';
import { feedHeadVariants } from './prewarm-feed';

const item = (i: number, width: number, height: number): FeedItem => ({
  id: `id-${i}`,
  src: `g/${String(i).padStart(4, '0')}.jpg`,
  width,
  height,
  blurhash: 'L00000fQfQfQfQfQfQfQfQfQfQfQ',
  prompt: 'p',
  model: 'm',
  author: 'a',
  rating: 'general',
  publishedAt: '2026-01-01T00:00:00.000000Z',
});

describe('feedHeadVariants', () => {
  it('names the rung the browser will pick for each card at 1440×900, in feed order', () => {
    const items = [item(0, 1024, 1024), item(1, 1536, 1024), item(2, 832, 1248), item(3, 2048, 1152)];
    const variants = feedHeadVariants(items);
    expect(variants.map((v) => v.storagePath)).toEqual([
      'g/0000.jpg',
      'g/0001.jpg',
      'g/0002.jpg',
      'g/0003.jpg',
    ]);
    expect(variants[0]!.items).toEqual([
      { variantKey: 'g/0000.jpg/w-640,q-75.avif', request: { width: 640, quality: 75, format: 'avif' } },
      { variantKey: 'g/0000.jpg/w-640,q-75.webp', request: { width: 640, quality: 75, format: 'webp' } },
    ]);
    for (const variant of variants) {
      for (const { request } of variant.items) expect([320, 640, 960, 1280]).toContain(request.width);
    }
  });

  it('warms only AVIF past the first 24 cards', () => {
    const items = Array.from({ length: 30 }, (_, i) => item(i, 1024, 1024));
    const formats = feedHeadVariants(items).map((v) => v.items.map((x) => x.request.format).join('+'));
    expect(formats.slice(0, 24).every((f) => f === 'avif+webp')).toBe(true);
    expect(formats.slice(24).every((f) => f === 'avif')).toBe(true);
  });
});
