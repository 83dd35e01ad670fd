import { describe, expect, it } from 'vitest';
import type { ImageDeliveryConfig } from '../images/providers';
import { feedBuckets } from './feed-buckets';
import { eagerSource, firstScreens } from './first-screen';

const delivery: ImageDeliveryConfig = { provider: 'cloudflare', assetBaseUrl: 'https://img.example' };
const bucket = (id: string) => feedBuckets.find((candidate) => candidate.id === id)!;

const item = (n: number, width: number, height: number, rating: 'general' | 'sensitive' = 'general') => ({
  src: `g/2026/12/${String(n).padStart(2, '0')}.jpg`,
  width,
  height,
  rating,
});
const shapes: [number, number][] = [
  [3840, 2160],
  [2160, 3840],
  [3000, 3000],
  [4000, 3000],
  [3000, 4000],
  [3840, 1600],
];
const items = Array.from({ length: 36 }, (_, i) => item(i, ...shapes[i % shapes.length]!));

describe('the first screen of every bucket', () => {
  it('asks for at most the cap of images per bucket, the largest first, never a sensitive one', () => {
    const withSensitive = items.map((one, i) => (i === 0 ? { ...one, rating: 'sensitive' as const } : one));
    const screens = firstScreens(withSensitive, false, 4);
    expect([...screens.keys()]).toEqual(feedBuckets.map((b) => b.id));
    for (const [id, screen] of screens) {
      expect(screen.eager.size, id).toBeGreaterThan(0);
      expect(screen.eager.size, id).toBeLessThanOrEqual(4);
      expect(screen.eager.has(0), id).toBe(false);
      // Cards of the first screen only: rows that start on it.
      const firstRows = screen.layout.rows.filter((row) => row.top < bucket(id).screenHeight);
      const onIt = new Set(firstRows.flatMap((row) => row.boxes.map((box) => box.index)));
      for (const index of screen.eager) expect(onIt.has(index), `${id} ${index}`).toBe(true);
    }
    // Uncovered, card 0 is among xl's largest: covered, another card took its place above.
    const xl = firstScreens(items, false, 4).get('xl')!;
    expect(xl.eager.has(0)).toBe(true);
    expect(screens.get('xl')!.eager.size).toBe(4);
  });

  it('gives an eager card a source for its own bucket only, with its srcset and sizes', () => {
    expect(eagerSource(items[0]!, 690, bucket('xl'), delivery)).toEqual({
      media: '(min-width: 1396px) and (max-width: 2015.98px)',
      srcSet: [320, 640, 960, 1280, 1920]
        .map((w) => `https://img.example/i/w-${w}/g/2026/12/00.jpg ${w}w`)
        .join(', '),
      // The 320 rung where the box would be 321–399 px on a low-density screen (proportionalSizes).
      sizes:
        '(min-width: 658px) and (max-width: 815px) and (max-resolution: 1.19dppx) 320px, calc((100vw - 16px) * 0.5)',
    });
    expect(eagerSource(items[0]!, 300, bucket('xs'), delivery).media).toBe('(max-width: 455.98px)');
  });
});
