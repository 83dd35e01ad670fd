/**
 * The display set of each published card, made at publish by the product's own maker
 * (lib/transform/display-set-maker.ts: every member stored under `v/` in the public store, with its
 * Content-Type and immutable Cache-Control), so the feed the bench measures is served from stored
 * objects as production serves it. Until the publish queue makes the set inside publish itself, the
 * bench calls the maker right after each publish.
 *
 * The sets the bench made are kept in a cache of their own (an fs object store under
 * ~/.cache/vitrine-bench), keyed like the public store: the cards' bytes are cached, so their
 * content-addressed keys repeat run after run, and sharp's output for the same input and settings
 * is the same bytes. A member found there is copied into the public store and the maker heads it as
 * stored; only the rest is encoded. The first run pays every encode (docs/benchmarks.md, step 2).
 */
import { displaySet } from '@/lib/image-guard/display-set';
import { immutableCacheControl } from '@/lib/image-guard/headers';
import { readObject, sourceReadLimits } from '@/lib/storage/read-object';
import type { ObjectStore } from '@/lib/storage/object-store';
import { type DisplaySetSource, makeDisplaySet } from '@/lib/transform/display-set-maker';
import { storedVariantReadLimits } from '@/lib/transform/stored-variants';
import { createTransformPool } from '@/lib/transform/transform-pool';

export interface BenchDisplaySetsOptions {
  publicStore: ObjectStore;
  /** The bench's own cache of sets it made before. */
  cacheStore: ObjectStore;
  sources: readonly DisplaySetSource[];
  onProgress?: (message: string) => void;
}

export interface BenchDisplaySetsResult {
  /** Members encoded by this run, copied from the cache, and in all. */
  made: number;
  fromCache: number;
  members: number;
}

async function copyObject(
  from: ObjectStore,
  to: ObjectStore,
  key: string,
  maxBytes: number,
): Promise<boolean> {
  const object = await from.get(key);
  if (!object) return false;
  const bytes = await readObject(object, { ...storedVariantReadLimits, maxBytes });
  await to.put(key, bytes, { contentType: object.contentType, cacheControl: immutableCacheControl });
  return true;
}

export async function makeBenchDisplaySets(
  options: BenchDisplaySetsOptions,
): Promise<BenchDisplaySetsResult> {
  const log = options.onProgress ?? (() => {});
  // The maker leaves one slot free for visitors (none here): four slots let two sets encode at once.
  const pool = createTransformPool({ concurrency: 4 });
  const loadSource = async (storagePath: string) => {
    const object = await options.publicStore.get(storagePath);
    return object ? readObject(object, sourceReadLimits) : null;
  };
  const result = { made: 0, fromCache: 0, members: 0 };
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < options.sources.length) {
      const source = options.sources[next++]!;
      const members = displaySet(source.storagePath, source.width);
      for (const member of members) {
        if (
          await copyObject(
            options.cacheStore,
            options.publicStore,
            member.storedKey,
            storedVariantReadLimits.maxBytes,
          )
        )
          result.fromCache++;
      }
      const made = await makeDisplaySet({ store: options.publicStore, pool, loadSource }, source);
      result.made += made.made;
      result.members += made.total;
      if (made.made > 0) {
        for (const member of members) {
          if (!(await options.cacheStore.head(member.storedKey)))
            await copyObject(
              options.publicStore,
              options.cacheStore,
              member.storedKey,
              storedVariantReadLimits.maxBytes,
            );
        }
      }
      done++;
      if (done % 20 === 0 || done === options.sources.length)
        log(
          `display sets ${done}/${options.sources.length} (${result.made} members encoded, ${result.fromCache} from the cache)`,
        );
    }
  };
  await Promise.all([worker(), worker()]);
  return result;
}
