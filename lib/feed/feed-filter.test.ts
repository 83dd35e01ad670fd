import { describe, expect, it } from 'vitest';
import {
  feedHrefWith,
  filterKey,
  filterSearchParams,
  isFiltered,
  noFilter,
  searchTerms,
  tsQueryText,
} from './feed-filter';

describe('searchTerms and tsQueryText', () => {
  it.each([
    ['dune', ['dune'], 'dune:*'],
    ['Red  FOX, at dawn!', ['red', 'fox', 'at', 'dawn'], 'red & fox & at & dawn:*'],
    ["'; drop table generations;--", ['drop', 'table', 'generations'], 'drop & table & generations:*'],
    ['a & b | !c <-> d:*', ['a', 'b', 'c', 'd'], 'a & b & c & d:*'],
    ['ネコ と 城', ['ネコ', 'と', '城'], 'ネコ & と & 城:*'],
    ['émigré café', ['émigré', 'café'], 'émigré & café:*'],
    ['***', [], ''],
    ['1 2 3 4 5 6 7 8 9 10', ['1', '2', '3', '4', '5', '6', '7', '8'], '1 & 2 & 3 & 4 & 5 & 6 & 7 & 8:*'],
  ])('%j → %j → %j', (q, terms, query) => {
    expect(searchTerms(q)).toEqual(terms);
    expect(tsQueryText(terms)).toBe(query);
  });
});

describe('filterKey and filterSearchParams', () => {
  it.each([
    [noFilter, '', ''],
    [{ q: 'dune', model: null, author: null, rating: null }, '["dune",null,null,null]', 'q=dune'],
    [
      { q: null, model: 'SDXL 1.0', author: 'ada', rating: null },
      '[null,"SDXL 1.0","ada",null]',
      'model=SDXL+1.0&author=ada',
    ],
    [
      { q: 'a&b=c', model: 'm', author: null, rating: null },
      '["a&b=c","m",null,null]',
      'q=a%26b%3Dc&model=m',
    ],
    [
      { q: null, model: null, author: null, rating: 'general' as const },
      '[null,null,null,"general"]',
      'rating=general',
    ],
    [
      { q: 'fox', model: null, author: null, rating: 'sensitive' as const },
      '["fox",null,null,"sensitive"]',
      'q=fox&rating=sensitive',
    ],
  ])('%j → %s, ?%s', (filter, key, query) => {
    expect(filterKey(filter)).toBe(key);
    expect(filterSearchParams(filter).toString()).toBe(query);
    expect(isFiltered(filter)).toBe(key !== '');
  });
});

describe('feedHrefWith', () => {
  it.each([
    ['', 'q', 'dune', '/?q=dune'],
    ['q=dune', 'model', 'SDXL 1.0', '/?q=dune&model=SDXL+1.0'],
    ['q=dune&model=SDXL', 'model', null, '/?q=dune'],
    ['q=dune', 'q', null, '/'],
    ['q=dune&author=ada', 'q', 'fox', '/?q=fox&author=ada'],
  ] as const)('?%s with %s = %j → %s', (current, key, value, href) => {
    expect(feedHrefWith(new URLSearchParams(current), key, value)).toBe(href);
  });
});
