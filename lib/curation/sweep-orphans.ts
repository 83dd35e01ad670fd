import 'server-only';
import { and, inArray, sql } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { generations } from '@/lib/db/schema';
import { keyPrefixes, parsePrivateOriginalKey } from '@/lib/images/storage-keys';
import type { ObjectStore } from '@/lib/storage/object-store';
import type { ObjectStores } from '@/lib/storage/object-store-from-env';
import { pruneDisplaySets } from './display-sets';

/** An upload writes its object a moment before its row: younger objects may still get one. */
export const ORPHAN_GRACE_MS = 60 * 60 * 1000;
const BATCH = 500;

export interface SweepResult {
  privateRemoved: string[];
  publicRemoved: string[];
  /** Stored display variants (`v/`) no public row needs. */
  displayVariantsRemoved: string[];
}

async function sweep(
  store: ObjectStore,
  prefix: string,
  olderThan: number,
  referenced: (keys: string[]) => Promise<Set<string>>,
): Promise<string[]> {
  const removed: string[] = [];
  let batch: string[] = [];
  const flush = async () => {
    const keep = await referenced(batch);
    for (const key of batch) {
      if (keep.has(key)) continue;
      await store.delete(key);
      removed.push(key);
    }
    batch = [];
  };
  for await (const object of store.list(prefix)) {
    if ((object.lastModified?.getTime() ?? 0) > olderThan) continue;
    batch.push(object.key);
    if (batch.length >= BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  return removed;
}

/**
 * Removes objects no row needs, older than the grace period: private originals without a row (an
 * upload that failed or crashed between its object and its row), public copies without a public
 * row (a publish or unpublish interrupted between storage and database), and stored display variants
 * no public row needs (a removal at unpublish or delete that failed; `pruneDisplaySets`). After it,
 * the public store holds exactly the published originals (`g/`) and their display sets (`v/`). Each
 * prefix is listed on its own, so no `v/` key is ever judged as a `g/` one.
 */
export async function sweepOrphans(
  db: Database,
  stores: ObjectStores,
  now = Date.now(),
  graceMs = ORPHAN_GRACE_MS,
): Promise<SweepResult> {
  const olderThan = now - graceMs;
  const privateRemoved = await sweep(stores.private, keyPrefixes.privateOriginal, olderThan, async (keys) => {
    // A key that is no content address was never written by an upload: no row can claim it.
    const shas = keys.map((key) => parsePrivateOriginalKey(key)?.sha256 ?? null);
    const rows = await db
      .select({ sha256: generations.sha256 })
      .from(generations)
      .where(
        inArray(
          generations.sha256,
          shas.filter((sha) => sha !== null),
        ),
      );
    const known = new Set(rows.map((row) => row.sha256));
    return new Set(keys.filter((_key, i) => known.has(shas[i] ?? '')));
  });
  const publicRemoved = await sweep(stores.public, keyPrefixes.published, olderThan, async (keys) => {
    const rows = await db
      .select({ key: generations.storageKey })
      .from(generations)
      .where(and(inArray(generations.storageKey, keys), sql`${generations.status} = 'public'`));
    return new Set(rows.map((row) => row.key));
  });
  const { removed: displayVariantsRemoved } = await pruneDisplaySets(db, stores.public, { now, graceMs });
  return { privateRemoved, publicRemoved, displayVariantsRemoved };
}
