import { describe, expect, it } from 'vitest';
import { feedCacheControl } from './feed-cache';

describe('feedCacheControl', () => {
  it.each([
    [{ limit: 24 }, 'public, max-age=0, s-maxage=10, stale-while-revalidate=30'],
    [{ limit: 60 }, 'public, max-age=0, s-maxage=10, stale-while-revalidate=30'],
    [{ limit: 24, after: 'cursor' }, 'public, max-age=60, s-maxage=300, stale-while-revalidate=600'],
    [{ limit: 24, before: 'cursor' }, 'public, max-age=60, s-maxage=300, stale-while-revalidate=600'],
  ])('%j → %s', (request, expected) => {
    expect(feedCacheControl(request)).toBe(expected);
  });
});
