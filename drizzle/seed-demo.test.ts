import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { count, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/lib/db/client';
import { generations } from '@/lib/db/schema';
import { createFsObjectStore } from '@/lib/storage/fs-object-store';
import { seedDemoGenerations, seedSyntheticGenerations } from './seed-demo';

describe('demo seed', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-seed-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('publishes every demo generation it renders, once, and resumes without duplicates', async () => {
    const handle = await openDatabase({ kind: 'pglite' });
    const store = createFsObjectStore(dir);
    try {
      // More rows than one insert batch, rendered concurrently: no row may be lost between batches.
      expect(await seedDemoGenerations(handle.db, store, 30)).toBe(30);
      expect(await seedDemoGenerations(handle.db, store, 32)).toBe(2);
      const [rows] = await handle.db.select({ n: count() }).from(generations);
      expect(rows?.n).toBe(32);
      const keys: string[] = [];
      for await (const object of store.list('g/')) keys.push(object.key);
      expect(keys).toHaveLength(32);
      const [published] = await handle.db
        .select({ n: count() })
        .from(generations)
        .where(sql`${generations.status} = 'public' and ${generations.storageKey} like 'g/%'`);
      expect(published?.n).toBe(32);

      await seedSyntheticGenerations(handle.db, store, 50);
      const [all] = await handle.db.select({ n: count() }).from(generations);
      expect(all?.n).toBe(82);
    } finally {
      await handle.close();
    }
  }, 120_000);
});
