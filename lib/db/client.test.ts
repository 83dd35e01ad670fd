import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { openTestDatabase } from '@/tests/support/test-databases';
import { ensurePrivateDir } from './client';

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
