import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/lib/db/client';
import { seedSyntheticGenerations } from '@/drizzle/seed-demo';
import { fixtureGeneration, insertGenerations } from '@/tests/support/test-fixtures';
import { describeEachDatabase, openTestDatabase } from '@/tests/support/test-databases';
import { type FeedFilter, noFilter } from './feed-filter';
import { feedRowsQuery, filterCondition } from './feed-query';

const ROWS = 100_000;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function nodesOf(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodesOf)];
}

/**
 * The filtered head page at 100k public rows (the scale data `npm run seed -- --count` makes), read
 * from the planner: every filter is an index walk, never a sequential scan over the public rows.
 */
describeEachDatabase('discovery query plans at 100k rows', (kind) => {
  let handle: DatabaseHandle;
  let sample: { word: string; model: string; author: string };

  beforeAll(async () => {
    handle = await openTestDatabase(kind);
    // A few real rows for the scale rows to reuse (no image store needed then).
    await insertGenerations(handle.db, [fixtureGeneration(), fixtureGeneration()]);
    const unusedStore = {} as Parameters<typeof seedSyntheticGenerations>[1];
    await seedSyntheticGenerations(handle.db, unusedStore, ROWS);
    await handle.db.execute(sql`analyze generations`);
    const [row] = await handle.db.query.generations.findMany({
      where: (g, { eq }) => eq(g.synthetic, true),
      limit: 1,
    });
    const word = row!.prompt.match(/[a-z]{5,}/)?.[0];
    sample = { word: word!, model: row!.model, author: row!.author };
  }, 600_000);
  afterAll(() => handle?.close());

  const cases: [string, (s: typeof sample) => FeedFilter][] = [
    ['q', (s) => ({ ...noFilter, q: s.word })],
    ['model', (s) => ({ ...noFilter, model: s.model })],
    ['author', (s) => ({ ...noFilter, author: s.author })],
    ['q + model + author', (s) => ({ q: s.word, model: s.model, author: s.author, rating: null })],
  ];

  it.each(cases)('%s: the head page is an index walk, no sequential scan', async (name, filterFor) => {
    const query = feedRowsQuery(handle.db, filterCondition(filterFor(sample)), 'newest', 24).toSQL();
    const client = (
      handle.db as unknown as {
        $client: { query(text: string, params: unknown[]): Promise<{ rows: Record<string, unknown>[] }> };
      }
    ).$client;
    const { rows } = await client.query(`explain (format json) ${query.sql}`, query.params);
    const raw = rows[0]!['QUERY PLAN'];
    const [{ Plan }] = (typeof raw === 'string' ? JSON.parse(raw) : raw) as [{ Plan: PlanNode }];
    const nodes = nodesOf(Plan);
    console.log(
      `[figures] ${kind} ${name} (${ROWS} rows): ${nodes.map((n) => n['Index Name'] ?? n['Node Type']).join(' ← ')}`,
    );
    expect(nodes.filter((n) => n['Node Type'] === 'Seq Scan')).toEqual([]);
    expect(nodes.some((n) => n['Index Name']?.startsWith('generations_public_'))).toBe(true);
  });
});
