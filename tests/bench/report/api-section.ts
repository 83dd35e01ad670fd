/**
 * The report's `api` section: what a page of the feed costs at the top and deep in a 100k-row table,
 * with the keyset the API uses (lib/feed/feed-query.ts) against the OFFSET pagination most apps
 * start with. Both read the same select in the same order; only the way to the page differs. The
 * issue's bound: keyset deep/first ≤ 1.5 while OFFSET's ratio grows with depth.
 */
import pg from 'pg';
import { seedSyntheticGenerations } from '@/drizzle/seed-demo';
import { type DatabaseHandle, openDatabase } from '@/lib/db/client';
import { sql } from 'drizzle-orm';
import { feedRowsQuery, filterCondition, queryFeedPage } from '@/lib/feed/feed-query';
import { noFilter } from '@/lib/feed/feed-filter';
import { FEED_DEFAULT_LIMIT } from '@/lib/feed/feed-types';
import { fixtureGeneration, insertGenerations } from '@/tests/support/test-fixtures';

export interface PagingCost {
  /** p50 of one page at the top of the feed, in ms. */
  firstMs: number;
  /** p50 of one page at `deepPage`, in ms. */
  deepMs: number;
  deepOverFirst: number;
}

export interface ApiSectionResult {
  backend: 'postgres' | 'pglite';
  rows: number;
  pageSize: number;
  deepPage: number;
  repetitions: number;
  keyset: PagingCost;
  offset: PagingCost;
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

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

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

    const reads = {
      keysetFirst: () => queryFeedPage(db, { limit: pageSize }, SECRET),
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
    const samples = {
      keysetFirst: [] as number[],
      keysetDeep: [] as number[],
      offsetFirst: [] as number[],
      offsetDeep: [] as number[],
    };
    const names = Object.keys(reads) as (keyof typeof reads)[];
    for (let pass = 0; pass < WARMUP + repetitions; pass++) {
      // Round-robin, so a noisy neighbour on the machine touches every measure alike; the starting
      // measure turns each pass, so none always runs right after the heavy deep OFFSET read.
      const order = [...names.slice(pass % names.length), ...names.slice(0, pass % names.length)];
      for (const name of order) {
        const ms = await timed(reads[name]);
        if (pass >= WARMUP) samples[name].push(ms);
      }
    }
    return {
      backend: handle.kind,
      rows,
      pageSize,
      deepPage,
      repetitions,
      keyset: cost(samples.keysetFirst, samples.keysetDeep),
      offset: cost(samples.offsetFirst, samples.offsetDeep),
    };
  } finally {
    await handle.close();
  }
}
