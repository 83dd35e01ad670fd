/**
 * The report's `api` section: what a page of the feed costs at the top and deep in a 100k-row table,
 * with the keyset the API uses (lib/feed/feed-query.ts) against the OFFSET pagination most apps
 * start with. Both read the same select in the same order; only the way to the page differs. The
 * issue's bound: keyset deep/first ≤ 1.5 while OFFSET's ratio grows with depth. Beside them, the
 * head page of a search (`q`, `model`, `author`, `q` + `model`) against the unfiltered head page.
 */
import pg from 'pg';
import { seedSyntheticGenerations } from '@/drizzle/seed-demo';
import { type DatabaseHandle, openDatabase } from '@/lib/db/client';
import { and, count, desc, eq, sql } from 'drizzle-orm';
import { generations } from '@/lib/db/schema';
import { type FeedFilter, noFilter } from '@/lib/feed/feed-filter';
import { feedRowsQuery, filterCondition, queryFeedPage } from '@/lib/feed/feed-query';
import { FEED_DEFAULT_LIMIT } from '@/lib/feed/feed-types';
import { fixtureGeneration, insertGenerations } from '@/tests/support/test-fixtures';
import { median } from './feed-metrics';

export interface PagingCost {
  /** p50 of one page at the top of the feed, in ms. */
  firstMs: number;
  /** p50 of one page at `deepPage`, in ms. */
  deepMs: number;
  deepOverFirst: number;
}

/** One search's head page, timed beside the unfiltered one in the same passes. */
export interface FilteredHeadCost {
  filter: Partial<FeedFilter>;
  /** Public rows the filter matches. */
  matching: number;
  firstMs: number;
  /** firstMs ÷ the unfiltered head page's p50. */
  overUnfiltered: number;
}

export type FilterName = 'q' | 'model' | 'author' | 'qAndModel';

export interface ApiSectionResult {
  backend: 'postgres' | 'pglite';
  rows: number;
  pageSize: number;
  deepPage: number;
  repetitions: number;
  keyset: PagingCost;
  offset: PagingCost;
  filtered: Record<FilterName, FilteredHeadCost>;
}

export interface ApiSectionOptions {
  /** Admin URL of a Postgres server (a database of our own is created and dropped); none: PGlite in memory. */
  postgresUrl?: string;
  rows?: number;
  pageSize?: number;
  /** 1-based: page 2000 of 24 starts at row 47,976. */
  deepPage?: number;
  /** Timed reads per measure (after WARMUP untimed ones); the p50 is reported. */
  repetitions?: number;
  onProgress?: (message: string) => void;
}

const WARMUP = 3;
// Cursors are signed; any secret works as long as the walk uses one throughout.
const SECRET = 'vitrine-bench-api-section-secret-0123456789';
/** The seed's scale rows reuse real rows' images: two fixture rows stand in for them, no store needed. */
const SOURCE_ROWS = 2;

async function openBenchDatabase(postgresUrl: string | undefined): Promise<DatabaseHandle> {
  if (!postgresUrl) return openDatabase({ kind: 'pglite' });
  const name = `vitrine_bench_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 5_000 });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  const drop = async () => {
    const cleanup = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 5_000 });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await cleanup.end();
  };
  const handle = await openDatabase({ kind: 'postgres', url: url.toString() }).catch(
    async (error: unknown) => {
      await drop();
      throw error;
    },
  );
  return {
    ...handle,
    async close() {
      await handle.close();
      await drop();
    },
  };
}

async function timed(read: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await read();
  return performance.now() - started;
}

const round = (value: number, digits = 3) => Number(value.toFixed(digits));

function cost(first: readonly number[], deep: readonly number[]): PagingCost {
  const firstMs = median(first);
  const deepMs = median(deep);
  return { firstMs: round(firstMs), deepMs: round(deepMs), deepOverFirst: round(deepMs / firstMs, 2) };
}

/**
 * Searches a visitor would make in this table: the model, the author and the longest word of the
 * prompt of one row near the top (the seed's vocabulary, so each matches a share of the rows).
 */
async function searchesIn(db: DatabaseHandle['db']): Promise<Record<FilterName, Partial<FeedFilter>>> {
  const [row] = await db
    .select({ prompt: generations.prompt, model: generations.model, author: generations.author })
    .from(generations)
    .where(and(filterCondition(noFilter), eq(generations.synthetic, true)))
    .orderBy(desc(generations.publishedAt), desc(generations.id))
    .offset(10)
    .limit(1);
  const word = row?.prompt
    .split(/[^a-z]+/i)
    .sort((a, b) => b.length - a.length)
    .at(0);
  if (!row?.model || !row.author || !word)
    throw new Error('no row with a prompt, model and author to search for');
  return {
    q: { q: word },
    model: { model: row.model },
    author: { author: row.author },
    qAndModel: { q: word, model: row.model },
  };
}

/** Fills a fresh database with `rows` public generations, walks to the deep page, then times both ways there and at the top. */
export async function runApiSection(options: ApiSectionOptions = {}): Promise<ApiSectionResult> {
  const log = options.onProgress ?? (() => {});
  const rows = options.rows ?? 100_000;
  const pageSize = options.pageSize ?? FEED_DEFAULT_LIMIT;
  const deepPage = options.deepPage ?? 2000;
  const repetitions = options.repetitions ?? 21;
  const deepOffset = (deepPage - 1) * pageSize;
  if (deepOffset + pageSize > rows) throw new Error(`page ${deepPage} of ${pageSize} lies past ${rows} rows`);

  const handle = await openBenchDatabase(options.postgresUrl);
  try {
    const { db } = handle;
    log(`filling ${handle.kind} with ${rows.toLocaleString('en')} public generations…`);
    await insertGenerations(db, [fixtureGeneration(), fixtureGeneration()]);
    const unusedStore = {} as Parameters<typeof seedSyntheticGenerations>[1];
    await seedSyntheticGenerations(db, unusedStore, rows - SOURCE_ROWS);
    // Fresh statistics, as a live table has them: the planner must see 100k rows, not an empty table.
    await db.execute(sql`analyze generations`);

    // The keyset reaches depth the only way it can: page by page, as a visitor's scroll does.
    log(`walking ${deepPage - 1} keyset pages to page ${deepPage}…`);
    let cursor: string | undefined;
    for (let page = 1; page < deepPage; page++) {
      const { nextCursor } = await queryFeedPage(db, { limit: pageSize, after: cursor }, SECRET);
      if (!nextCursor) throw new Error(`the feed ended at page ${page}`);
      cursor = nextCursor;
    }
    const deepCursor = cursor;

    const searches = await searchesIn(db);
    const filterNames = Object.keys(searches) as FilterName[];
    const searchFirst = (name: FilterName) => () =>
      queryFeedPage(db, { limit: pageSize, filter: { ...noFilter, ...searches[name] } }, SECRET);
    const reads = {
      keysetFirst: () => queryFeedPage(db, { limit: pageSize }, SECRET),
      qFirst: searchFirst('q'),
      modelFirst: searchFirst('model'),
      authorFirst: searchFirst('author'),
      qAndModelFirst: searchFirst('qAndModel'),
      keysetDeep: () => queryFeedPage(db, { limit: pageSize, after: deepCursor }, SECRET),
      offsetFirst: () => feedRowsQuery(db, filterCondition(noFilter), 'newest', pageSize).offset(0),
      offsetDeep: () => feedRowsQuery(db, filterCondition(noFilter), 'newest', pageSize).offset(deepOffset),
    };
    // Both ways must land on the same rows, or the comparison would be of two different pages.
    const [viaKeyset, viaOffset] = [await reads.keysetDeep(), await reads.offsetDeep()];
    const same =
      viaKeyset.items.map((item) => item.id).join() ===
      viaOffset
        .slice(0, pageSize)
        .map((row) => row.id)
        .join();
    if (!same) throw new Error(`keyset and OFFSET disagree on page ${deepPage}`);

    log(`timing ${repetitions} reads of each page (p50), interleaved…`);
    const names = Object.keys(reads) as (keyof typeof reads)[];
    const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<
      keyof typeof reads,
      number[]
    >;
    for (let pass = 0; pass < WARMUP + repetitions; pass++) {
      // Round-robin, so a noisy neighbour on the machine touches every measure alike; the starting
      // measure turns each pass, so none always runs right after the heavy deep OFFSET read.
      const order = [...names.slice(pass % names.length), ...names.slice(0, pass % names.length)];
      for (const name of order) {
        const ms = await timed(reads[name]);
        if (pass >= WARMUP) samples[name].push(ms);
      }
    }
    const unfilteredMs = median(samples.keysetFirst);
    const filtered = {} as Record<FilterName, FilteredHeadCost>;
    for (const name of filterNames) {
      const firstMs = median(samples[`${name}First`]);
      const [matching] = await db
        .select({ rows: count() })
        .from(generations)
        .where(filterCondition({ ...noFilter, ...searches[name] }));
      filtered[name] = {
        filter: searches[name],
        matching: matching?.rows ?? 0,
        firstMs: round(firstMs),
        overUnfiltered: round(firstMs / unfilteredMs, 2),
      };
    }
    return {
      backend: handle.kind,
      rows,
      pageSize,
      deepPage,
      repetitions,
      keyset: cost(samples.keysetFirst, samples.keysetDeep),
      offset: cost(samples.offsetFirst, samples.offsetDeep),
      filtered,
    };
  } finally {
    await handle.close();
  }
}
