import { describe, expect, it } from 'vitest';
import {
  emittedWidth,
  ladderWidthsFor,
  aspectRatioNames,
  defaultQuality,
  formatContentTypes,
  heightForRatio,
  isAspectRatio,
  isLadderWidth,
  isOutputFormat,
  isQualityStep,
  maxQuality,
  outputFormats,
  qualitySteps,
  snapAspectRatio,
  snapQuality,
  snapWidth,
  widthLadder,
} from './ladder';

describe('registries', () => {
  it('pins the documented values', () => {
    expect(widthLadder).toEqual([320, 640, 960, 1280, 1920]);
    expect(qualitySteps).toEqual([50, 60, 75, 80, 85]);
    expect(defaultQuality).toBe(75);
    expect(maxQuality).toBe(85);
    expect(aspectRatioNames).toEqual([
      '1:1',
      '4:5',
      '5:4',
      '3:4',
      '4:3',
      '2:3',
      '3:2',
      '9:16',
      '16:9',
      '10:16',
      '16:10',
    ]);
    expect(outputFormats).toEqual(['avif', 'webp', 'jpeg', 'png']);
    expect(formatContentTypes).toEqual({
      avif: 'image/avif',
      webp: 'image/webp',
      jpeg: 'image/jpeg',
      png: 'image/png',
    });
  });

  it.each([
    [isLadderWidth(640), true],
    [isLadderWidth(641), false],
    [isQualityStep(75), true],
    [isQualityStep(70), false],
    [isAspectRatio('16:9'), true],
    [isAspectRatio('16x9'), false],
    [isOutputFormat('png'), true],
    [isOutputFormat('gif'), false],
  ])('guard %#', (actual, expected) => {
    expect(actual).toBe(expected);
  });
});

describe('snapWidth', () => {
  it.each([
    [1, 320],
    [320, 320],
    [479, 320],
    [480, 640],
    [481, 640],
    [799, 640],
    [800, 960],
    [999, 960],
    [1119, 960],
    [1120, 1280],
    [1599, 1280],
    [1600, 1920],
    [1920, 1920],
    [100_000, 1920],
    [479.5, 320],
    [Number.NaN, 1920],
    [Number.POSITIVE_INFINITY, 1920],
  ])('%d → %d', (input, expected) => {
    expect(snapWidth(input)).toBe(expected);
  });
});

describe('snapQuality', () => {
  it.each([
    [-10, 50],
    [0, 50],
    [1, 50],
    [54, 50],
    [55, 60],
    [60, 60],
    [67, 60],
    [68, 75],
    [75, 75],
    [77, 75],
    [78, 80],
    [82, 80],
    [83, 85],
    [85, 85],
    [100, 85],
    [1e9, 85],
    [Number.NaN, 75],
  ])('%d → %d', (input, expected) => {
    expect(snapQuality(input)).toBe(expected);
  });
});

describe('snapAspectRatio (width, height)', () => {
  it.each([
    [640, 640, '1:1'],
    [640, 400, '16:10'],
    [1920, 1080, '16:9'],
    [1080, 1920, '9:16'],
    [800, 1000, '4:5'],
    [1000, 800, '5:4'],
    [300, 400, '3:4'],
    [400, 300, '4:3'],
    [200, 300, '2:3'],
    [300, 200, '3:2'],
    [1000, 1600, '10:16'],
    [1600, 1000, '16:10'],
    [1000, 1, '16:9'],
    [1, 1000, '9:16'],
    // Boundaries between neighbours sit at the geometric mean of their h/w values.
    [1000, 894, '5:4'], // √(0.8 × 1) ≈ 0.8944
    [1000, 895, '1:1'],
    [1000, 1118, '1:1'], // √(1 × 1.25) ≈ 1.1180
    [1000, 1119, '4:5'],
    [0, 100, '1:1'],
    [100, Number.NaN, '1:1'],
  ] as const)('%d×%d → %s', (width, height, expected) => {
    expect(snapAspectRatio(width, height)).toBe(expected);
  });
});

describe('heightForRatio', () => {
  it.each([
    [640, '16:10', 400],
    [640, '1:1', 640],
    [960, '2:3', 1440],
    [320, '9:16', 569],
    [1920, '16:9', 1080],
    [1280, '4:5', 1600],
    [1280, '3:4', 1707],
  ] as const)('%d at %s → %d', (width, ratio, expected) => {
    expect(heightForRatio(width, ratio)).toBe(expected);
  });
});

describe('ladderWidthsFor', () => {
  it.each([
    [300, [320]],
    [320, [320]],
    [576, [320, 640]],
    [639, [320, 640]],
    [640, [320, 640]],
    [1000, [320, 640, 960, 1280]],
    [1280, [320, 640, 960, 1280]],
    [1919, [320, 640, 960, 1280, 1920]],
    [1920, [320, 640, 960, 1280, 1920]],
    [4096, [320, 640, 960, 1280, 1920]],
    [0, [320, 640, 960, 1280, 1920]],
    [Number.NaN, [320, 640, 960, 1280, 1920]],
  ])('source %d → %j', (sourceWidth, expected) => {
    expect(ladderWidthsFor(sourceWidth)).toEqual(expected);
  });
});

describe('emittedWidth', () => {
  it.each([
    [640, 4096, 640],
    [700, 4096, 640],
    [1280, 1000, 1280],
    [900, 1000, 960],
    [4000, 1919, 1920],
    [4000, 1280, 1280],
    [1280, 300, 320],
    [320, 300, 320],
    [1920, 1920, 1920],
    [1280, Number.NaN, 1280],
  ])('about %d px of a %d px source → w-%d', (width, sourceWidth, expected) => {
    expect(emittedWidth(width, sourceWidth)).toBe(expected);
  });
});
