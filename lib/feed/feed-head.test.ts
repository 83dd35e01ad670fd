import { describe, expect, it } from 'vitest';
import { feedHeadPath, filterOfEdition, servesCachedFeedHead } from './feed-head';

const edition = (parts: unknown) => `f.${Buffer.from(JSON.stringify(parts)).toString('base64url')}`;

describe('feed head editions', () => {
  it.each([
    [{ q: null, model: null, author: null, rating: null }, '/feed-head/latest'],
    [
      { q: 'dune', model: null, author: null, rating: null },
      `/feed-head/${edition(['dune', null, null, null])}`,
    ],
    [
      { q: 'red fox', model: 'SDXL 1.0', author: 'ada', rating: null },
      `/feed-head/${edition(['red fox', 'SDXL 1.0', 'ada', null])}`,
    ],
    [
      { q: null, model: null, author: null, rating: 'general' as const },
      `/feed-head/${edition([null, null, null, 'general'])}`,
    ],
  ])('%j ⇄ %s', (filter, path) => {
    expect(feedHeadPath(filter)).toBe(path);
    expect(filterOfEdition(path.slice('/feed-head/'.length))).toEqual(filter);
  });

  it.each([
    ['nonsense'],
    ['f.'],
    ['f.!!!'],
    [edition([null, null, null])],
    [edition(['dune', null])],
    [edition(['x'.repeat(201), null, null])],
    [edition([' ', null, null])],
    [edition([1, null, null])],
    [`${edition(['dune', null, null])}=`],
  ])('refuses the hand-made edition %s', (name) => {
    expect(filterOfEdition(name)).toBeNull();
  });

  it.each([
    ['http://x/', true],
    ['http://x/?q=dune', true],
    ['http://x/feed-head/latest', true],
    ['http://x/g/0190f1b2-0000-7000-8000-000000000001', false],
    ['http://x/studio', false],
  ])('%s is a cached head: %s', (url, cached) => {
    expect(servesCachedFeedHead(new URL(url))).toBe(cached);
  });
});
