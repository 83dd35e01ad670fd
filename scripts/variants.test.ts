import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/lib/db/client';
import { lockDataDir } from '@/lib/db/data-dir-lock';
import { createFsObjectStore } from '@/lib/storage/fs-object-store';
import { fsObjectStoreRoot } from '@/lib/storage/object-store-from-env';
import { fixtureGeneration, insertGenerations } from '@/tests/support/test-fixtures';

const run = promisify(execFile);

/** `npm run variants`, as a user runs it, against a data directory of its own. */
function variants(dataDir: string, args: string[]) {
  return run(
    process.execPath,
    ['--conditions=react-server', '--import', 'tsx', 'scripts/variants.ts', ...args],
    { env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', S3_BUCKET: '' } },
  ).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}

describe('npm run variants', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-variants-'));
  const storeRoot = fsObjectStoreRoot(dataDir, 'public');
  // 320 wide (on a rung): w320 in three formats.
  const shown = fixtureGeneration({ width: 320 });
  const withdrawn = fixtureGeneration({ width: 320, status: 'unpublished', publishedAt: null });
  const set = (row: typeof shown) =>
    ['avif', 'webp', 'jpeg'].map((format) => `v/${row.storageKey}/w-320,q-75.${format}`);

  beforeAll(async () => {
    const handle = await openDatabase({ kind: 'pglite', dataDir });
    await insertGenerations(handle.db, [shown, withdrawn]);
    await handle.close();
    const store = createFsObjectStore(storeRoot);
    // The public row lacks its WebP; the unpublished one left its whole set behind.
    for (const key of [...set(shown).filter((key) => !key.endsWith('.webp')), ...set(withdrawn)]) {
      await store.put(key, new Uint8Array([1, 2, 3]), { contentType: 'image/avif' });
      // Older than the prune's grace hour.
      const old = new Date(Date.now() - 2 * 3600 * 1000);
      fs.utimesSync(path.join(storeRoot, 'objects', key), old, old);
    }
  }, 120_000);
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('verify names what is missing and fails; prune removes what no public row needs', async () => {
    const verified = await variants(dataDir, ['verify']);
    expect(verified.stdout).toBe(
      `${shown.storageKey} (generation ${shown.id}): missing w-320,q-75.webp\n` +
        '1 of 1 published sources miss 1 stored display variant. Make them with: npm run variants -- backfill\n',
    );
    expect(verified.code).toBe(1);
    expect(verified.stderr).toContain('Checking display sets 1/1 (100%)');

    const pruned = await variants(dataDir, ['prune']);
    expect(pruned).toMatchObject({
      code: 0,
      stdout: 'Removed 3 of 5 stored display variants: no public row needs them.\n',
    });
    expect(pruned.stderr).toContain('Pruning display variants 5/5 (100%)');
    expect(fs.existsSync(path.join(storeRoot, 'objects', set(withdrawn)[0]!))).toBe(false);
    expect(fs.existsSync(path.join(storeRoot, 'objects', set(shown)[0]!))).toBe(true);
  }, 120_000);

  it('says how to use it, and what to do while the server holds the database', async () => {
    expect(await variants(dataDir, ['frobnicate'])).toMatchObject({
      code: 2,
      stderr: 'Usage: npm run variants -- backfill | verify | prune\n',
    });
    const release = lockDataDir(dataDir);
    try {
      const refused = await variants(dataDir, ['verify']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('Stop that process');
    } finally {
      release();
    }
  }, 120_000);
});
