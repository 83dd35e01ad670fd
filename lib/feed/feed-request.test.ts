import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { parseFeedRequest } from './feed-request';

const parse = (query: string) => parseFeedRequest(new URLSearchParams(query));

describe('parseFeedRequest', () => {
  it.each([
    ['', { limit: 24 }],
    ['limit=1', { limit: 1 }],
    ['limit=60&after=abc', { limit: 60, after: 'abc' }],
    ['before=xyz', { limit: 24, before: 'xyz' }],
    ['utm_source=x', { limit: 24 }],
  ])('accepts %j', (query, expected) => {
    expect(parse(query)).toEqual(expected);
  });

  it.each([
    ['limit=0'],
    ['limit=61'],
    ['limit=-5'],
    ['limit=2.5'],
    ['limit=abc'],
    ['limit='],
    ['limit=1&limit=2'],
    ['after=a&before=b'],
    ['after='],
  ])('rejects %j', (query) => {
    expect(() => parse(query)).toThrow(ZodError);
  });
});
