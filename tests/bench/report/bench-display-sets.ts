/**
 * The bench's own cache of display sets. Each card's display set is made at publish by the product's
 * publish queue (lib/server/publish-queue.ts, lib/transform/display-set-maker.ts), as production makes
 * it; encoding all of them on 2 cores takes many minutes, and the bench publishes the same bytes run
 * after run (the cards' bytes are cached, so their content-addressed keys repeat, and sharp's output
 * for the same input and settings is the same bytes). So the members made by an earlier run are kept
 * in an fs object store under ~/.cache/vitrine-bench and copied into the public store before the
 * publish: the maker heads them as stored and encodes only the rest. The first run pays every encode
 * (docs/benchmarks.md, step 2).
 */
import { displaySet } from '@/lib/image-guard/display-set';
import { immutableCacheControl } from '@/lib/image-guard/headers';
import type { ObjectStore } from '@/lib/storage/object-store';
import { readObject } from '@/lib/storage/read-object';
import type { DisplaySetSource } from '@/lib/transform/display-set-maker';
import { storedVariantReadLimits } from '@/lib/transform/stored-variants';

export interface BenchDisplaySetsOptions {
  publicStore: ObjectStore;
  /** The bench's own cache of sets it made before. */
  cacheStore: ObjectStore;
  sources: readonly DisplaySetSource[];
}

export interface BenchDisplaySetsResult {
  /** Members encoded by this run's publishes, copied from the cache, and in all. */
  made: number;
  fromCache: number;
  members: number;
}

async function copyObject(from: ObjectStore, to: ObjectStore, key: string): Promise<boolean> {
  const object = await from.get(key);
  if (!object) return false;
  const bytes = await readObject(object, storedVariantReadLimits);
  await to.put(key, bytes, { contentType: object.contentType, cacheControl: immutableCacheControl });
  return true;
}

/** Before the publish: every cached member into the public store. Returns how many were copied. */
export async function primeDisplaySets(options: BenchDisplaySetsOptions): Promise<number> {
  let copied = 0;
  for (const source of options.sources) {
    for (const member of displaySet(source.storagePath, source.width)) {
      if (await copyObject(options.cacheStore, options.publicStore, member.storedKey)) copied++;
    }
  }
  return copied;
}

/** After the publish queue drained: the members it made go into the cache for the next run. */
export async function keepDisplaySets(
  options: BenchDisplaySetsOptions,
  fromCache: number,
): Promise<BenchDisplaySetsResult> {
  const result = { made: 0, fromCache, members: 0 };
  for (const source of options.sources) {
    for (const member of displaySet(source.storagePath, source.width)) {
      result.members++;
      if (await options.cacheStore.head(member.storedKey)) continue;
      if (await copyObject(options.publicStore, options.cacheStore, member.storedKey)) result.made++;
    }
  }
  return result;
}
