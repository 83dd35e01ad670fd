import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { feedRowsQuery, filterCondition } from '@/lib/feed/feed-query';
import { noFilter } from '@/lib/feed/feed-filter';
import { openTestDatabase } from '@/tests/support/test-databases';
import { fixtureGeneration, insertGenerations } from '@/tests/support/test-fixtures';
import { ensurePrivateDir, openDatabase, selectRows } from './client';

describe('ensurePrivateDir', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-private-dir-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  const modeOf = (dir: string) => fs.statSync(dir).mode & 0o777;

  it('creates DATA_DIR readable by its owner only, parents included', () => {
    const dir = path.join(root, 'new', 'data');
    ensurePrivateDir(dir);
    expect(modeOf(dir)).toBe(0o700);
  });

  it('tightens a DATA_DIR an earlier version created 0755', () => {
    const dir = path.join(root, 'old');
    fs.mkdirSync(dir, { mode: 0o755 });
    fs.chmodSync(dir, 0o755);
    ensurePrivateDir(dir);
    expect(modeOf(dir)).toBe(0o700);
  });
});

describe('PGlite in a data directory', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-analyze-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  // PGlite has no autovacuum: without the ANALYZE on open, the head page read and sorted every
  // public row (a bitmap scan of generations_status_created_idx): the cost issue 18's profile showed.
  it('has planner statistics when it opens, so the feed head walks its index', async () => {
    const target = { kind: 'pglite', dataDir: root } as const;
    const seeding = await openDatabase(target);
    const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString().replace('Z', '000Z');
    await insertGenerations(
      seeding.db,
      Array.from({ length: 1200 }, (_, i) => fixtureGeneration({ publishedAt: at(i) })),
    );
    await seeding.close();
    const handle = await openDatabase(target);
    try {
      const query = feedRowsQuery(handle.db, filterCondition(noFilter), 'newest', 24);
      const plan = await selectRows<{ 'QUERY PLAN': string }>(handle.db, sql`explain ${query}`);
      const lines = plan.map((row) => row['QUERY PLAN']);
      expect(lines.join('\n')).toContain('generations_public_feed_idx');
      expect(lines.some((line) => line.includes('Sort'))).toBe(false);
    } finally {
      await handle.close();
    }
  }, 120_000);
});

describe.skipIf(!inject('postgresUrl'))('every Postgres connection has its timeouts', () => {
  it('Postgres itself cancels a long statement and an idle transaction', async () => {
    const handle = await openTestDatabase('postgres');
    try {
      const show = async (setting: string) => {
        const result = (await handle.db.execute(sql.raw(`show ${setting}`))) as unknown as {
          rows: Record<string, string>[];
        };
        return result.rows[0]?.[setting];
      };
      expect(await show('statement_timeout')).toBe('10s');
      expect(await show('idle_in_transaction_session_timeout')).toBe('30s');
    } finally {
      await handle.close();
    }
  });
});
