import pg from 'pg';
import { describe, inject } from 'vitest';
import { type DatabaseHandle, openDatabase } from '@/lib/db/client';

/**
 * Every suite that touches the database runs against PGlite and against a real Postgres server
 * (found by vitest-global-setup.ts). Without a server the Postgres half is reported as skipped,
 * with the reason, never silently left out. Each Postgres handle gets a database of its own, dropped
 * on close, so suites never see each other's rows.
 */
export type DatabaseKind = DatabaseHandle['kind'];

export function describeEachDatabase(name: string, body: (kind: DatabaseKind) => void): void {
  describe(`${name} on pglite`, () => body('pglite'));
  const postgresUrl = inject('postgresUrl');
  const title = postgresUrl
    ? `${name} on postgres`
    : `${name} on postgres (skipped: ${inject('postgresSkipReason')})`;
  describe.skipIf(!postgresUrl)(title, () => body('postgres'));
}

export async function openTestDatabase(kind: DatabaseKind): Promise<DatabaseHandle> {
  if (kind === 'pglite') return openDatabase({ kind: 'pglite' });
  const adminUrl = inject('postgresUrl');
  if (!adminUrl) throw new Error('No Postgres server for the tests');
  const name = `vitrine_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ kind: 'postgres', url: url.toString() });
  return {
    ...handle,
    async close() {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
