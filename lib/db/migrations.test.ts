import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, selectRows } from './client';
import { DataDirLockedError } from './data-dir-lock';
import { describeEachDatabase, openTestDatabase } from '@/tests/support/test-databases';
import { fixtureGeneration, insertGenerations } from '@/tests/support/test-fixtures';

describeEachDatabase('migrations', (kind) => {
  it('creates the schema with the partial feed index and records every migration once', async () => {
    const handle = await openTestDatabase(kind);
    try {
      const tables = await selectRows<{ table_name: string }>(
        handle.db,
        sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`,
      );
      expect(tables.map((row) => row.table_name)).toEqual([
        'api_tokens',
        'curators',
        'generation_events',
        'generations',
        'idempotency_keys',
        'login_throttle',
        'reports',
        'revoked_sources',
        'sessions',
      ]);
      const statuses = await selectRows<{ value: string }>(
        handle.db,
        sql`select unnest(enum_range(null::generation_status))::text as value`,
      );
      expect(statuses.map((row) => row.value)).toEqual([
        'submitted',
        'draft',
        'publishing',
        'public',
        'unpublished',
        'failed',
        'hidden',
      ]);
      const indexes = await selectRows<{ indexdef: string }>(
        handle.db,
        sql`select indexdef from pg_indexes where indexname = 'generations_public_feed_idx'`,
      );
      expect(indexes[0]?.indexdef).toContain(`WHERE (status = 'public'::generation_status)`);
      const applied = await selectRows<{ n: number }>(
        handle.db,
        sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
      );
      expect(applied[0]?.n).toBe(
        fs.readdirSync('drizzle/migrations').filter((f) => f.endsWith('.sql')).length,
      );
    } finally {
      await handle.close();
    }
  });
});

describeEachDatabase('0006_display_set_top_rung', (kind) => {
  it('clears the stored mark of exactly the public rows that now have a rung above their width', async () => {
    const handle = await openTestDatabase(kind);
    try {
      const stored = '2026-01-01T00:00:00.000000Z';
      const rows = [300, 320, 576, 640, 700, 1024, 1280, 1919, 1920, 4096].map((width) =>
        fixtureGeneration({ width, displaySetAt: stored }),
      );
      const unpublished = fixtureGeneration({
        width: 700,
        status: 'unpublished',
        publishedAt: null,
        displaySetAt: stored,
      });
      await insertGenerations(handle.db, [...rows, unpublished]);
      await handle.db.execute(
        sql.raw(fs.readFileSync('drizzle/migrations/0006_display_set_top_rung.sql', 'utf8')),
      );
      const cleared = await selectRows<{ width: number }>(
        handle.db,
        sql`select width from generations where display_set_at is null order by width`,
      );
      expect(cleared.map((row) => row.width)).toEqual([576, 700, 1024, 1919]);
    } finally {
      await handle.close();
    }
  });
});

describe('PGlite data directory', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-db-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('persists rows across reopen and refuses a second opener while open', async () => {
    const dataDir = path.join(dir, 'nested', 'data');
    const first = await openDatabase({ kind: 'pglite', dataDir });
    await first.db.execute(sql`insert into curators (id, email, password_hash) values
      ('01897f3a-1b2c-7000-8000-000000000001', 'a@example.com', 'x')`);
    await expect(openDatabase({ kind: 'pglite', dataDir })).rejects.toBeInstanceOf(DataDirLockedError);
    await first.close();

    const second = await openDatabase({ kind: 'pglite', dataDir });
    const rows = await selectRows<{ email: string }>(second.db, sql`select email from curators`);
    expect(rows).toEqual([{ email: 'a@example.com' }]);
    await second.close();
  });

  it('takes over a lock left behind by a process that no longer exists', async () => {
    const dataDir = path.join(dir, 'stale');
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'vitrine.lock'), '999999999');
    const handle = await openDatabase({ kind: 'pglite', dataDir });
    await handle.close();
    expect(fs.existsSync(path.join(dataDir, 'vitrine.lock'))).toBe(false);
  });
});
