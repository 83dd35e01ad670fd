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
    expect(parse(query)).toEqual({
      ...expected,
      filter: { q: null, model: null, author: null, rating: null },
    });
  });

  it.each([
    ['q=dune', { q: 'dune', model: null, author: null, rating: null }],
    ['q=%20%20red%20%20%20fox%20', { q: 'red fox', model: null, author: null, rating: null }],
    ['q=&model=', { q: null, model: null, author: null, rating: null }],
    ['model=SDXL%201.0&author=ada', { q: null, model: 'SDXL 1.0', author: 'ada', rating: null }],
    [
      'q=%27%3B%20drop%20table%20generations%3B--',
      { q: "'; drop table generations;--", model: null, author: null, rating: null },
    ],
    ['q=%E3%83%8D%E3%82%B3', { q: 'ネコ', model: null, author: null, rating: null }],
    [`q=${'a'.repeat(200)}`, { q: 'a'.repeat(200), model: null, author: null, rating: null }],
    ['rating=general', { q: null, model: null, author: null, rating: 'general' }],
    ['q=fox&rating=sensitive', { q: 'fox', model: null, author: null, rating: 'sensitive' }],
  ])('reads the filter of %j', (query, filter) => {
    expect(parse(query).filter).toEqual(filter);
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
    [`q=${'a'.repeat(201)}`],
    ['q=a&q=b'],
    ['model=a%00b'],
    ['author=%1Bx'],
    ['rating=nsfw'],
    ['rating=General'],
    ['rating=general&rating=sensitive'],
  ])('rejects %j', (query) => {
    expect(() => parse(query)).toThrow(ZodError);
  });
});
