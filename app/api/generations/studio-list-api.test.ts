import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StudioPage } from '@/lib/curation/studio-list';
import { call, newCuratorSession } from '@/tests/support/curator-api';
import { installTestAppServices, type TestAppServices } from '@/tests/support/test-app-services';
import { describeEachDatabase, openTestDatabase } from '@/tests/support/test-databases';
import { fixtureGeneration, insertGenerations } from '@/tests/support/test-fixtures';

/**
 * The studio's list (`GET /api/generations`): every generation, any state, newest first, by keyset
 * pages that neither skip nor repeat a row, narrowed by any mix of filters. On PGlite and Postgres.
 */
describeEachDatabase('the studio list', (kind) => {
  let services: TestAppServices;
  let cookie: string;
  const second = (i: number) => `2026-04-01T00:00:${String(i).padStart(2, '0')}.000001Z`;
  // 30 rows, one a second; states, ratings, models and authors spread over them; some scale rows.
  const rows = Array.from({ length: 30 }, (_, i) =>
    fixtureGeneration({
      createdAt: second(i),
      status: (['public', 'draft', 'submitted'] as const)[i % 3],
      publishedAt: i % 3 === 0 ? second(i) : null,
      rating: i % 5 === 0 ? 'sensitive' : 'general',
      model: i % 2 === 0 ? 'Klimt' : 'Vitrine XL',
      author: i < 10 ? 'ann' : 'bo',
      prompt: i === 7 ? 'a lighthouse over dunes' : `a mountain lake ${i}`,
      synthetic: i >= 25,
    }),
  );
  const newestFirst = [...rows].reverse().map((row) => row.id);

  beforeAll(async () => {
    services = await installTestAppServices({ database: await openTestDatabase(kind) });
    cookie = await newCuratorSession(services.handle.db, 'lister@vitrine.test', 'a long enough password');
    await insertGenerations(services.handle.db, rows);
  }, 60_000);
  afterAll(() => services?.close());

  const page = async (query: string) => {
    const response = await call('GET', `/api/generations?${query}`, { cookie });
    expect(response.status, await response.clone().text()).toBe(200);
    return (await response.json()) as StudioPage;
  };
  /** Every page of a query, followed by its cursors: the ids in order. */
  const walk = async (query: string, limit: number) => {
    const ids: string[] = [];
    let after: string | null = null;
    do {
      const next: StudioPage = await page(`${query}&limit=${limit}${after ? `&after=${after}` : ''}`);
      expect(next.items.length).toBeLessThanOrEqual(limit);
      ids.push(...next.items.map((item) => item.id));
      after = next.nextCursor;
    } while (after);
    return ids;
  };

  it('walks every row, scale rows included, newest first, in pages that neither skip nor repeat', async () => {
    expect(await walk('', 7)).toEqual(newestFirst);
    expect(await walk('', 30)).toEqual(newestFirst);
    expect((await page('limit=30')).nextCursor).toBeNull();
  });

  it.each([
    ['status=submitted', (i: number) => i % 3 === 2],
    ['rating=sensitive', (i: number) => i % 5 === 0],
    ['model=Klimt', (i: number) => i % 2 === 0],
    ['author=ann', (i: number) => i < 10],
    ['author=ann&status=public&model=Klimt', (i: number) => i < 10 && i % 3 === 0 && i % 2 === 0],
    ['q=lighthouse', (i: number) => i === 7],
    ['q=lakes', (i: number) => i !== 7],
    ['q=%21%21', () => false],
  ])('%s narrows it, page by page', async (query, keeps) => {
    const expected = rows.flatMap((row, i) => (keeps(i) ? [row.id] : [])).reverse();
    expect(await walk(query, 4)).toEqual(expected);
  });

  it('finds one row by its id or its page URL, whatever its depth', async () => {
    const deep = rows[3]!.id!;
    for (const q of [deep, deep.toUpperCase(), `https://vitrine.example/g/${deep}`, `/g/${deep}?x=1`]) {
      expect((await page(`q=${encodeURIComponent(q)}`)).items.map((item) => item.id)).toEqual([deep]);
    }
    // Not an id: words.
    expect((await page(`q=${encodeURIComponent(`${deep}x`)}`)).items).toEqual([]);
  });

  it.each([
    ['after=nope', 'after is not a cursor of this list.'],
    [`after=${Buffer.from('2026-04-01|x').toString('base64url')}`, 'after is not a cursor of this list.'],
    [
      'status=gone',
      'status: status must be one of submitted, draft, publishing, public, unpublished, failed, hidden',
    ],
    ['rating=adult', 'rating: rating must be general or sensitive'],
    ['limit=0', 'limit: Too small: expected number to be >=1'],
    ['model=a&model=b', 'model given twice'],
    ['colour=red', 'Unrecognized key: "colour"'],
  ])('refuses %s with 400', async (query, message) => {
    const response = await call('GET', `/api/generations?${query}`, { cookie });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 'bad_request', message } });
  });
});
