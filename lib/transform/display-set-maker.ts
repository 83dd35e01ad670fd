import 'server-only';
import { displaySet } from '@/lib/image-guard/display-set';
import { immutableCacheControl } from '@/lib/image-guard/headers';
import { defaultQuality } from '@/lib/images/ladder';
import { keyPrefixes } from '@/lib/images/storage-keys';
import type { ObjectStore } from '@/lib/storage/object-store';
import { transformImage } from './transform-image';
import type { TransformPool } from './transform-pool';

/*
 * Minimal stand-in with the API the i17-display-set branch defines (lib/transform/display-set-maker.ts
 * there is the real one and replaces this file at merge): the publish queue codes against it.
 */

export interface DisplaySetSource {
  storagePath: string;
  width: number;
}
export interface DisplaySetMakerDeps {
  store: ObjectStore;
  pool: TransformPool;
  loadSource: (storagePath: string) => Promise<Uint8Array | null>;
}
export interface DisplaySetProgress {
  done: number;
  total: number;
}

/** Makes every member not yet stored (head first, idempotent, source read once, encodes in the pool). */
export async function makeDisplaySet(
  deps: DisplaySetMakerDeps,
  source: DisplaySetSource,
  options: { onProgress?: (p: DisplaySetProgress) => void | Promise<void>; signal?: AbortSignal } = {},
): Promise<{ made: number; alreadyStored: number; total: number }> {
  const members = displaySet(source.storagePath, source.width);
  const total = members.length;
  let done = 0;
  let made = 0;
  let alreadyStored = 0;
  let bytes: Uint8Array | null | undefined;
  for (const member of members) {
    options.signal?.throwIfAborted();
    if (await deps.store.head(member.storedKey)) {
      alreadyStored++;
    } else {
      bytes ??= await deps.loadSource(source.storagePath);
      if (!bytes) throw new Error(`The source ${source.storagePath} is missing from the public store.`);
      const input = bytes;
      const encoded = await deps.pool.run(() =>
        transformImage(input, { width: member.width, quality: defaultQuality, format: member.format }),
      );
      options.signal?.throwIfAborted();
      await deps.store.put(member.storedKey, encoded.bytes, {
        contentType: encoded.contentType,
        cacheControl: immutableCacheControl,
      });
      made++;
    }
    done++;
    await options.onProgress?.({ done, total });
  }
  return { made, alreadyStored, total };
}

/** Deletes every stored variant of a source (lists `v/<storagePath>/`). */
export async function removeDisplaySet(store: ObjectStore, storagePath: string): Promise<number> {
  let removed = 0;
  for await (const object of store.list(`${keyPrefixes.storedVariant}${storagePath}/`)) {
    await store.delete(object.key);
    removed++;
  }
  return removed;
}
