import { describe, expect, it } from 'vitest';
import { sourceCacheTag } from './cache-tag';

describe('sourceCacheTag', () => {
  it.each([
    [`g/${'ab'.repeat(32)}.jpg`, `vitrine-g-${'ab'.repeat(32)}.jpg`],
    ['g/x.avif', 'vitrine-g-x.avif'],
  ])('%s → %s', (storagePath, tag) => {
    expect(sourceCacheTag(storagePath)).toBe(tag);
  });
});
