import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Database, type DatabaseHandle, selectRows } from '@/lib/db/client';
import { fixtureGeneration, insertGenerations } from '@/tests/support/test-fixtures';
import { describeEachDatabase, openTestDatabase } from '@/tests/support/test-databases';
import { encodeCursor, InvalidCursorError } from './cursor';
import { queryFeedPage } from './feed-query';
import type { FeedItem, FeedPage } from './feed-types';

const secret = 'feed-test-secret-feed-test-secret';

/** 2026-03-01 plus n microseconds, as Postgres would print it. */
function microsecondsAfterMarch(n: number): string {
  const seconds = Math.floor(n / 1_000_000);
  const micros = String(n % 1_000_000).padStart(6, '0');
  const date = new Date(Date.UTC(2026, 2, 1, 0, 0, seconds));
  return `${date.toISOString().slice(0, 19)}.${micros}Z`;
}

async function walk(
  handle: DatabaseHandle,
  direction: 'after' | 'before',
  start: string | undefined,
  limit: number,
  onPage?: (page: FeedPage, index: number) => Promise<void>,
) {
  const seen: FeedItem[] = [];
  let cursor = start;
  for (let index = 0; index < 1000; index++) {
    const page = await queryFeedPage(
      handle.db,
      { limit, ...(cursor ? { [direction]: cursor } : {}) },
      secret,
    );
    if (direction === 'after') seen.push(...page.items);
    else seen.unshift(...page.items);
    await onPage?.(page, index);
    cursor = (direction === 'after' ? page.nextCursor : page.prevCursor) ?? undefined;
    if (!cursor) return seen;
  }
  throw new Error('walk did not end');
}

describeEachDatabase('keyset feed', (kind) => {
  let handle: DatabaseHandle;
  // 60 public rows: pairs share a timestamp (id breaks the tie) and neighbours differ by 1 µs,
  // which a millisecond round-trip would collapse. Drafts are interleaved and must never appear.
  const publicRows = Array.from({ length: 60 }, (_, i) =>
    fixtureGeneration({ publishedAt: microsecondsAfterMarch(Math.floor(i / 2)) }),
  );
  const draftRows = Array.from({ length: 5 }, (_, i) =>
    fixtureGeneration({ status: 'draft', publishedAt: null, prompt: `draft ${i}` }),
  );
  const expectedOrder = [...publicRows]
    .sort((a, b) =>
      a.publishedAt! === b.publishedAt! ? (a.id < b.id ? 1 : -1) : a.publishedAt! < b.publishedAt! ? 1 : -1,
    )
    .map((row) => row.id);

  beforeAll(async () => {
    handle = await openTestDatabase(kind);
    await insertGenerations(handle.db, [...publicRows, ...draftRows]);
  });
  afterAll(() => handle?.close());

  it('returns microsecond-exact timestamps and the wire shape', async () => {
    const page = await queryFeedPage(handle.db, { limit: 2 }, secret);
    expect(page.items[0]).toEqual({
      id: expectedOrder[0],
      src: expect.stringMatching(/^g\/[0-9a-f]{64}\.jpg$/),
      width: 1024,
      height: 1536,
      blurhash: 'LEHV6nWB2yk8pyo0adR*.7kCMdnj',
      prompt: expect.stringMatching(/^test prompt/),
      model: 'Test Model',
      author: 'tester',
      rating: 'general',
      publishedAt: '2026-03-01T00:00:00.000029Z',
    });
    expect(page.prevCursor).toBeNull();
    expect(page.nextCursor).not.toBeNull();
  });

  it.each([1, 7, 24, 60])('walks forward in order with limit %i, no duplicate, no draft', async (limit) => {
    const items = await walk(handle, 'after', undefined, limit);
    expect(items.map((item) => item.id)).toEqual(expectedOrder);
  });

  it('walks backward from the last page to the head in the same order', async () => {
    const lastItem = expectedOrder.at(-1)!;
    const tail = publicRows.find((row) => row.id === lastItem)!;
    const cursorBeyondEnd = encodeCursor(
      { publishedAt: '2000-01-01T00:00:00.000000Z', id: '00000000-0000-7000-8000-000000000000' },
      secret,
    );
    const items = await walk(handle, 'before', cursorBeyondEnd, 7);
    expect(items.map((item) => item.id)).toEqual(expectedOrder);
    expect(tail.id).toBe(items.at(-1)?.id);
  });

  it('keeps pages exact while newer rows are published during the walk', async () => {
    const inserted: string[] = [];
    const items = await walk(handle, 'after', undefined, 9, async (_page, index) => {
      const row = fixtureGeneration({ publishedAt: microsecondsAfterMarch(10_000_000 + index) });
      inserted.push(row.id);
      await insertGenerations(handle.db, [row]);
    });
    expect(items.map((item) => item.id)).toEqual(expectedOrder);
    // The head now shows the rows published meanwhile, newest first.
    const head = await queryFeedPage(handle.db, { limit: 60 }, secret);
    expect(head.items.slice(0, inserted.length).map((item) => item.id)).toEqual([...inserted].reverse());
  });

  it('rejects a cursor signed with another secret', async () => {
    const foreign = encodeCursor(
      { publishedAt: '2026-03-01T00:00:00.000001Z', id: expectedOrder[0]! },
      'x'.repeat(32),
    );
    await expect(queryFeedPage(handle.db, { limit: 5, after: foreign }, secret)).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
  });

  it('answers a cursor page from the partial index without sorting', async () => {
    const rows = await handle.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      return selectRows<{ 'QUERY PLAN': string }>(
        tx as unknown as Database,
        sql`explain select id from generations
        where status = 'public' and (published_at, id) < ('2026-03-01T00:00:10Z'::timestamptz, '00000000-0000-7000-8000-000000000000'::uuid)
        order by published_at desc nulls last, id desc nulls last limit 25`,
      );
    });
    const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
    expect(plan).toContain('generations_public_feed_idx');
    expect(plan).not.toMatch(/Sort/);
  });
});
