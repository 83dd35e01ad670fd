import { describe, expect, it } from 'vitest';
import { describeInputs } from './report-inputs';

describe('describeInputs', () => {
  it('summarizes the photographs: count, source, smallest to largest, mean size', () => {
    expect(
      describeInputs({
        source: 'Debian wallpapers',
        files: [
          { path: 'a', width: 3840, height: 2160, bytes: 4_100_000 },
          { path: 'b', width: 1920, height: 1080, bytes: 1_200_000 },
          { path: 'c', width: 2560, height: 1600, bytes: 2_600_000 },
        ],
      }),
    ).toBe('3 images from Debian wallpapers, 1920×1080 to 3840×2160, mean 2.63 MB');
    expect(describeInputs({ files: [{ width: 2048, height: 2048, bytes: 500_000 }] })).toBe(
      '1 image, 2048×2048 to 2048×2048, mean 0.50 MB',
    );
  });

  it('prints any other shape as its scalar fields', () => {
    expect(
      describeInputs({
        source: '--images /photos',
        count: 8,
        sizes: '2048–4096 px',
        meanMb: 3.25,
        files: [],
      }),
    ).toBe('source: --images /photos, count: 8, sizes: 2048–4096 px, meanMb: 3.25');
  });
});
