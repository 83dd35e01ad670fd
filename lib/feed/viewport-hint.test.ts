import { describe, expect, it } from 'vitest';
import { defaultViewport, feedLayoutOptions, formatViewportHint, parseViewportHint } from './viewport-hint';

describe('viewport hint', () => {
  it.each([
    ['1440x900', { width: 1440, height: 900 }],
    ['390x844', { width: 390, height: 844 }],
    [undefined, defaultViewport],
    ['', defaultViewport],
    ['1440', defaultViewport],
    ['99999x900', defaultViewport],
    ['100x100', defaultViewport],
    ['1440x900; injected', defaultViewport],
  ])('parses %j', (value, expected) => {
    expect(parseViewportHint(value)).toEqual(expected);
  });

  it('formats whole pixels', () => {
    expect(formatViewportHint({ width: 1439.6, height: 900.2 })).toBe('1440x900');
  });

  it('derives the layout for a 1440×900 desktop', () => {
    expect(feedLayoutOptions({ width: 1440, height: 900 })).toEqual({
      containerWidth: 1424,
      targetRowHeight: 378,
      maxRowHeight: 605,
      gap: 8,
      minBoxWidth: 200,
    });
  });
});
