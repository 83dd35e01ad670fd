import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/lib/db/client';
import type { NewGeneration } from '@/lib/db/schema';
import { fixtureGeneration, insertGenerations } from '@/tests/support/test-fixtures';
import { describeEachDatabase, openTestDatabase } from '@/tests/support/test-databases';
import { queryFacets } from './feed-facets';
import { type FeedFilter, noFilter } from './feed-filter';
import { queryFeedPage } from './feed-query';
import type { FeedItem } from './feed-types';

const secret = 'search-test-secret-search-test-secret';

const prompts = [
  'a red fox crossing desert dunes at dawn',
  'a lone dune under the milky way',
  'lighthouse in a winter storm, oil painting',
  'neon city lights reflected in rain',
  'ネコ の 城, watercolor',
  'a café terrace at night, émigré painter',
];
const models = ['SDXL 1.0', 'Flux 1.1 Pro', 'Midjourney v6'];
const authors = ['ada', 'grace', 'linus'];

/** 2026-04-01 plus n seconds, microsecond precision. */
const at = (n: number) => new Date(Date.UTC(2026, 3, 1, 0, 0, n)).toISOString().replace('Z', '000Z');

/** The filter as plain JavaScript over the rows: the expectation the SQL must meet, item by item. */
const expectations: [string, FeedFilter, (row: NewGeneration) => boolean][] = [
  ['a word, stemmed ("dunes" finds "dune")', { ...noFilter, q: 'dunes' }, (r) => /\bdunes?\b/.test(r.prompt)],
  ['a word being typed (prefix)', { ...noFilter, q: 'lightho' }, (r) => r.prompt.includes('lighthouse')],
  ['two words, both required', { ...noFilter, q: 'red fox' }, (r) => /red fox/.test(r.prompt)],
  ['a model', { ...noFilter, model: 'Flux 1.1 Pro' }, (r) => r.model === 'Flux 1.1 Pro'],
  ['an author', { ...noFilter, author: 'grace' }, (r) => r.author === 'grace'],
  [
    'words and a model',
    { ...noFilter, q: 'dunes', model: 'Flux 1.1 Pro' },
    (r) => /\bdunes?\b/.test(r.prompt) && r.model === 'Flux 1.1 Pro',
  ],
  [
    'words and an author',
    { ...noFilter, q: 'neon', author: 'linus' },
    (r) => r.prompt.includes('neon') && r.author === 'linus',
  ],
  [
    'a model and an author',
    { ...noFilter, model: 'SDXL 1.0', author: 'grace' },
    (r) => r.model === 'SDXL 1.0' && r.author === 'grace',
  ],
  [
    'words, model and author',
    { q: 'dune', model: 'SDXL 1.0', author: 'ada', rating: null },
    (r) => /\bdunes?\b/.test(r.prompt) && r.model === 'SDXL 1.0' && r.author === 'ada',
  ],
  ['only sensitive', { ...noFilter, rating: 'sensitive' }, (r) => r.rating === 'sensitive'],
  ['only general', { ...noFilter, rating: 'general' }, (r) => r.rating !== 'sensitive'],
  [
    'words and a rating',
    { ...noFilter, q: 'dune', rating: 'general' },
    (r) => /\bdunes?\b/.test(r.prompt) && r.rating !== 'sensitive',
  ],
  ['Unicode words', { ...noFilter, q: 'ネコ' }, (r) => r.prompt.startsWith('ネコ')],
  ['accented words', { ...noFilter, q: 'café' }, (r) => r.prompt.includes('café')],
  ['SQL metacharacters', { ...noFilter, q: "'; drop table generations;--" }, () => false],
  ['only punctuation', { ...noFilter, q: '"%_\\' }, () => false],
  ['no such model', { ...noFilter, model: "x' or '1'='1" }, () => false],
];

const matchesNothing = new Set(['SQL metacharacters', 'only punctuation', 'no such model']);

describeEachDatabase('discovery: filtered keyset feed', (kind) => {
  let handle: DatabaseHandle;
  const publicRows = Array.from({ length: 150 }, (_, i) =>
    fixtureGeneration({
      prompt: prompts[i % prompts.length]!,
      model: models[i % models.length]!,
      // Not in step with the prompts, so a word and an author combine into a narrower set.
      author: authors[Math.floor(i / 4) % authors.length]!,
      publishedAt: at(Math.floor(i / 2)),
      // Every fifth one sensitive; the rest take the column's default (general).
      ...(i % 5 === 0 ? { rating: 'sensitive' as const } : {}),
    }),
  );
  // Drafts match every search and must never appear.
  const drafts = prompts.map((prompt) =>
    fixtureGeneration({ status: 'draft', publishedAt: null, prompt, model: models[0]!, author: authors[0]! }),
  );
  const newestFirst = (rows: NewGeneration[]) =>
    [...rows]
      .sort((a, b) =>
        a.publishedAt === b.publishedAt ? (a.id < b.id ? 1 : -1) : a.publishedAt! < b.publishedAt! ? 1 : -1,
      )
      .map((row) => row.id);

  beforeAll(async () => {
    handle = await openTestDatabase(kind);
    await insertGenerations(handle.db, [...publicRows, ...drafts]);
  });
  afterAll(() => handle?.close());

  async function walk(
    filter: FeedFilter,
    limit: number,
    duringWalk?: () => Promise<void>,
  ): Promise<FeedItem[]> {
    const seen: FeedItem[] = [];
    let after: string | undefined;
    for (let page = 0; page < 100; page++) {
      const result = await queryFeedPage(handle.db, { limit, filter, ...(after ? { after } : {}) }, secret);
      seen.push(...result.items);
      if (page === 0) await duringWalk?.();
      if (!result.nextCursor) return seen;
      after = result.nextCursor;
    }
    throw new Error('the walk did not end');
  }

  it.each(expectations)(
    '%s: exactly the matching public items, newest first',
    async (name, filter, matches) => {
      const seen = await walk(filter, 7);
      const expected = newestFirst(publicRows.filter(matches));
      // A filter built to match nothing matches nothing; every other one narrows to some rows, not all.
      if (matchesNothing.has(name)) expect(expected).toEqual([]);
      else expect([expected.length > 0, expected.length < publicRows.length]).toEqual([true, true]);
      expect(seen.map((item) => item.id)).toEqual(expected);
      expect(new Set(seen.map((item) => item.id)).size).toBe(seen.length);
    },
  );

  it('keeps a filtered walk exact while matching items are published during it', async () => {
    const filter = { ...noFilter, q: 'dune' };
    const before = newestFirst(publicRows.filter((row) => /\bdunes?\b/.test(row.prompt)));
    const seen = await walk(filter, 5, () =>
      insertGenerations(handle.db, [
        fixtureGeneration({ prompt: 'a new dune, just published', publishedAt: at(10_000) }),
      ]),
    );
    expect(seen.map((item) => item.id)).toEqual(before);
    const head = await queryFeedPage(handle.db, { limit: 1, filter }, secret);
    expect(head.items[0]?.prompt).toBe('a new dune, just published');
  });

  it('refuses a cursor with another filter (400, its own code), and an unfiltered cursor in a search', async () => {
    const dune = await queryFeedPage(handle.db, { limit: 3, filter: { ...noFilter, q: 'dune' } }, secret);
    const plain = await queryFeedPage(handle.db, { limit: 3 }, secret);
    const misuse = [
      queryFeedPage(
        handle.db,
        { limit: 3, after: dune.nextCursor!, filter: { ...noFilter, q: 'fox' } },
        secret,
      ),
      queryFeedPage(handle.db, { limit: 3, after: dune.nextCursor! }, secret),
      queryFeedPage(
        handle.db,
        { limit: 3, before: plain.nextCursor!, filter: { ...noFilter, model: 'x' } },
        secret,
      ),
      queryFeedPage(
        handle.db,
        { limit: 3, after: plain.nextCursor!, filter: { ...noFilter, rating: 'general' } },
        secret,
      ),
      queryFeedPage(
        handle.db,
        { limit: 3, after: dune.nextCursor!, filter: { ...noFilter, q: 'dune', rating: 'sensitive' } },
        secret,
      ),
    ];
    for (const attempt of misuse) {
      await expect(attempt).rejects.toMatchObject({ code: 'cursor_filter_mismatch', status: 400 });
    }
  });

  it('gives the most frequent models and authors of a search, with exact counts', async () => {
    const rows = await handle.db.query.generations.findMany();
    const count = (
      key: 'model' | 'author',
      q: RegExp | null,
      other: Partial<Record<'model' | 'author', string>> = {},
    ) => {
      const counts = new Map<string, number>();
      for (const row of rows) {
        if (row.status !== 'public' || (q && !q.test(row.prompt))) continue;
        if ((other.model && row.model !== other.model) || (other.author && row.author !== other.author))
          continue;
        counts.set(row[key], (counts.get(row[key]) ?? 0) + 1);
      }
      return [...counts]
        .map(([name, n]) => ({ name, count: n }))
        .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1));
    };
    expect(await queryFacets(handle.db, { ...noFilter, q: 'dunes' })).toEqual({
      models: count('model', /\bdunes?\b/),
      authors: count('author', /\bdunes?\b/),
    });
    expect(await queryFacets(handle.db, noFilter)).toEqual({
      models: count('model', null),
      authors: count('author', null),
    });
    // Each facet under the rest of the filter: an author narrows the model counts, not the authors.
    const author = rows.find((row) => row.status === 'public')!.author;
    const model = rows.find((row) => row.status === 'public')!.model;
    expect(await queryFacets(handle.db, { ...noFilter, author, model })).toEqual({
      models: count('model', null, { author }),
      authors: count('author', null, { model }),
    });
  });
});
