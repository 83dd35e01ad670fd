import { describe, expect, it } from 'vitest';
import type { ImageDeliveryConfig } from './providers';
import { widthLadder } from './ladder';
import { buildSrcSet, displaySizeFor, pickLadderWidth, saveDataLadderWidth } from './srcset';

describe('buildSrcSet', () => {
  const app: ImageDeliveryConfig = { provider: 'cloudflare', assetBaseUrl: '' };
  it.each<[string, ImageDeliveryConfig, number, string]>([
    // The rung above the source holds the source's own pixels, and says so.
    ['small source', app, 700, '/i/w-320/g/a.jpg 320w, /i/w-640/g/a.jpg 640w, /i/w-960/g/a.jpg 700w'],
    ['an SD 1.5 portrait', app, 576, '/i/w-320/g/a.jpg 320w, /i/w-640/g/a.jpg 576w'],
    ['a source on a rung gets nothing above it', app, 640, '/i/w-320/g/a.jpg 320w, /i/w-640/g/a.jpg 640w'],
    ['tiny source still gets one rung, at its own width', app, 300, '/i/w-320/g/a.jpg 300w'],
    [
      'large source',
      app,
      4000,
      '/i/w-320/g/a.jpg 320w, /i/w-640/g/a.jpg 640w, /i/w-960/g/a.jpg 960w, ' +
        '/i/w-1280/g/a.jpg 1280w, /i/w-1920/g/a.jpg 1920w',
    ],
    [
      'asset host',
      { provider: 'cloudflare', assetBaseUrl: 'https://assets.example.com' },
      1000,
      'https://assets.example.com/i/w-320/g/a.jpg 320w, https://assets.example.com/i/w-640/g/a.jpg 640w, ' +
        'https://assets.example.com/i/w-960/g/a.jpg 960w, https://assets.example.com/i/w-1280/g/a.jpg 1000w',
    ],
    [
      'imagekit',
      { provider: 'imagekit', assetBaseUrl: '', imagekitUrlEndpoint: 'https://ik.imagekit.io/v' },
      800,
      'https://ik.imagekit.io/v/tr:w-320,q-75/g/a.jpg 320w, ' +
        'https://ik.imagekit.io/v/tr:w-640,q-75/g/a.jpg 640w, ' +
        'https://ik.imagekit.io/v/tr:w-960,q-75/g/a.jpg 800w',
    ],
    ['origin: one URL, no descriptor', { provider: 'origin', assetBaseUrl: '' }, 4000, '/o/g/a.jpg'],
  ])('%s', (_name, config, sourceWidth, expected) => {
    expect(buildSrcSet(config, 'g/a.jpg', sourceWidth)).toBe(expected);
  });
});

describe('pickLadderWidth', () => {
  it.each([
    // display, dpr, source, expected
    [300, 1, 4000, 320],
    [320, 1, 4000, 320],
    [321, 1, 4000, 640],
    [320, 2, 4000, 640],
    [480, 1.5, 4000, 960],
    [700, 2, 4000, 1920],
    [1200, 2, 4000, 1920],
    // The rung above a 1000 px source holds its 1000 pixels: the most there is.
    [700, 2, 1000, 1280],
    [400, 1, 576, 640],
    [500, 1, 300, 320],
    [500, 0, 4000, 640],
    [500, Number.NaN, 4000, 640],
  ])('%d css px at dpr %d, source %d → %d', (display, dpr, source, expected) => {
    expect(pickLadderWidth(display, dpr, source)).toBe(expected);
  });
});

describe('saveDataLadderWidth', () => {
  it.each([
    // display, dpr, source, expected: one rung below pickLadderWidth's, never below the smallest.
    [300, 1, 4000, 320],
    [321, 1, 4000, 320],
    [480, 1.5, 4000, 640],
    [700, 2, 4000, 1280],
    [400, 3, 4000, 960],
    [700, 2, 1000, 960],
    [500, 1, 300, 320],
  ])('%d css px at dpr %d, source %d → %d', (display, dpr, source, expected) => {
    expect(saveDataLadderWidth(display, dpr, source)).toBe(expected);
  });
});

describe('displaySizeFor', () => {
  it.each([
    [200, 200],
    [320, 320],
    [330, 320],
    [399, 320],
    [400, 400],
    [401, 401],
    [500, 500],
    [640, 640],
    [700, 700],
    [1000, 1000],
    [2400, 2400],
  ])('a %i px box declares %i px', (box, expected) => {
    expect(displaySizeFor(box)).toBe(expected);
  });

  it.each([
    [330, 1, 320],
    [330, 1.19, 320],
    [330, 1.2, 330],
    [350, 2, 350],
    [399, 3, 399],
  ])('a %i px box at DPR %d declares %i px', (box, dpr, expected) => {
    expect(displaySizeFor(box, dpr)).toBe(expected);
  });

  it('keeps every fetched rung within 1.6× of the box and stretches at most 1.25×', () => {
    for (let box = 200; box <= 1920; box++) {
      const declared = displaySizeFor(box);
      const fetched = widthLadder.find((width) => width >= declared)!;
      expect(fetched / box).toBeLessThanOrEqual(1.6);
      expect(box / fetched).toBeLessThanOrEqual(1.25);
    }
  });
});
