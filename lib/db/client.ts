import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { type SQL, sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock';
import * as schema from './schema';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DatabaseTarget =
  | { kind: 'pglite'; dataDir?: string } /* no dataDir: in memory, for tests */
  | { kind: 'postgres'; url: string };

/**
 * What the publish queue (pg-boss, lib/server/publish-queue.ts) connects through: PGlite allows one
 * connection, so the queue shares the app's instance; on Postgres it opens a small pool of its own.
 */
export type QueueConnection = { kind: 'pglite'; client: PGlite } | { kind: 'postgres'; url: string };

export interface DatabaseHandle {
  db: Database;
  kind: DatabaseTarget['kind'];
  queueConnection: QueueConnection;
  close(): Promise<void>;
}

const migrationsFolder = path.join(process.cwd(), 'drizzle', 'migrations');

/** Bounds on every wait for Postgres: a query or a connection that hangs fails instead. */
export const postgresTimeouts = {
  /** Server side: Postgres cancels a statement running longer. */
  statement_timeout: 10_000,
  /** Client side too, for a server that stopped answering altogether. */
  query_timeout: 15_000,
  connectionTimeoutMillis: 5_000,
  idle_in_transaction_session_timeout: 30_000,
} as const;

/**
 * DATA_DIR holds the database, drafts and the secret: readable by its owner only (0700), also when
 * an earlier version created it 0755.
 */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
}

/** Opens a database and brings its schema up to date: the same migrations on PGlite and Postgres. */
export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: 10, ...postgresTimeouts });
    // An idle client whose connection drops (a failover, a restart) emits 'error' on the pool;
    // unheard, it would crash the process. The pool discards that client and connects anew.
    pool.on('error', (error) => console.warn('[db] an idle Postgres connection failed:', error.message));
    // A connection that drops while checked out (a transaction's) emits 'error' too, and pg-pool
    // listens only while it is idle: unheard, that would crash the process. The statement itself
    // rejects with the same error, which is what the caller sees.
    pool.on('connect', (client) => client.on('error', () => undefined));
    const db = drizzlePostgres(pool, { schema });
    // drizzle's own transaction over a pool sends BEGIN before its try/finally: when BEGIN fails (the
    // connection died) the client is never released, so an outage leaks pool slots and close() waits
    // for them for ever. Each transaction here takes its client itself and always gives it back
    // (a failed one is discarded, not reused).
    db.transaction = (async (run, config) => {
      const client = await pool.connect();
      let failure: Error | undefined;
      try {
        return await drizzlePostgres(client, { schema }).transaction(run, config);
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
        throw error;
      } finally {
        client.release(failure);
      }
    }) as typeof db.transaction;
    try {
      await migratePostgres(db, { migrationsFolder });
    } catch (error) {
      await pool.end();
      throw error;
    }
    return {
      db: db as unknown as Database,
      kind: 'postgres',
      queueConnection: { kind: 'postgres', url: target.url },
      close: () => pool.end(),
    };
  }

  let releaseLock = () => {};
  let client: PGlite;
  if (target.dataDir) {
    const pgliteDir = path.join(target.dataDir, 'pglite');
    // PGlite does not create missing parent folders.
    ensurePrivateDir(target.dataDir);
    releaseLock = lockDataDir(target.dataDir);
    try {
      client = await PGlite.create(pgliteDir);
    } catch (error) {
      releaseLock();
      throw error;
    }
  } else {
    client = await PGlite.create();
  }
  const db = drizzlePglite(client, { schema });
  const close = async () => {
    await client.close();
    releaseLock();
  };
  try {
    await migratePglite(db, { migrationsFolder });
    // PGlite has no autovacuum, so nothing else ever gathers planner statistics. Without them the
    // planner takes `generations` for a handful of rows and answers every feed page by reading and
    // sorting all public rows (a bitmap scan, ~8x the cost at 1,200 rows, growing with the feed)
    // instead of walking generations_public_feed_idx for limit + 1 rows (docs/security.md, Load).
    if (target.dataDir) await db.execute(sql`analyze`);
  } catch (error) {
    await close();
    throw error;
  }
  return {
    db: db as unknown as Database,
    kind: 'pglite',
    queueConnection: { kind: 'pglite', client },
    close,
  };
}

/** Raw SQL rows. Both drivers answer `execute` with `{ rows }`; the shared type just cannot say so. */
export async function selectRows<Row>(db: Database, query: SQL): Promise<Row[]> {
  const result = (await db.execute(query)) as unknown as { rows: Row[] };
  return result.rows;
}
