import 'server-only';
import type { ObjectStore } from '@/lib/storage/object-store';
import { readObject } from '@/lib/storage/read-object';
import type { CachedVariant } from './types';

/**
 * The bound on reading one stored display variant: far above any variant the ladder makes (a
 * 1,920 px JPEG at q-75 is well under 2 MB; PNG of a noisy alpha source can reach several), far below
 * a source, so a wrong object under a `v/` key cannot fill memory. Same stall timeout as a source.
 */
export const storedVariantReadLimits = { maxBytes: 32 * 1024 * 1024, timeoutMs: 10_000 } as const;

/**
 * Reads a stored display variant (`v/…`, lib/image-guard/display-set.ts) from the public store, bounded
 * (lib/storage/read-object.ts): its bytes and the Content-Type the publish job stored with them, or
 * null when there is no such object. Store errors propagate (an outage is not a miss).
 */
export function createStoredVariantLoader(
  store: Pick<ObjectStore, 'get'>,
  limits: { maxBytes: number; timeoutMs: number } = storedVariantReadLimits,
): (storedKey: string) => Promise<CachedVariant | null> {
  return async (storedKey) => {
    const object = await store.get(storedKey);
    if (!object) return null;
    const bytes = await readObject(object, limits);
    return { bytes, contentType: object.contentType };
  };
}
