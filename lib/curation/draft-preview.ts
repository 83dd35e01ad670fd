import 'server-only';
import { ApiError } from '@/lib/api/errors';
import type { Database } from '@/lib/db/client';
import { negotiateFormat, sourceMayHaveAlpha } from '@/lib/image-guard/negotiate';
import { defaultQuality, snapWidth } from '@/lib/images/ladder';
import { privateOriginalKeyOf } from '@/lib/images/storage-keys';
import type { ObjectStores } from '@/lib/storage/object-store-from-env';
import { readObject, sourceReadLimits } from '@/lib/storage/read-object';
import { transformImage } from '@/lib/transform/transform-image';
import { PoolSaturatedError, type TransformPool } from '@/lib/transform/transform-pool';
import { findGeneration } from './generation-record';

export interface PreviewDeps {
  db: Database;
  stores: ObjectStores;
  pool: TransformPool;
}

/**
 * A curator's look at any generation, drafts included, from the private original: a ladder width,
 * the best format the browser takes, encoded in the same pool as `/i/` (so previews cannot starve
 * visitors of more than their share) and never written to the public variant cache.
 */
export async function draftPreview(
  deps: PreviewDeps,
  id: string,
  width: number,
  accept: string | null,
): Promise<{ bytes: Uint8Array; contentType: string }> {
  const generation = await findGeneration(deps.db, id);
  if (!generation) throw new ApiError('not_found', 'No generation has this id.');
  const object =
    (await deps.stores.private.get(privateOriginalKeyOf(generation.src))) ??
    (await deps.stores.public.get(generation.src));
  if (!object) throw new ApiError('conflict', 'The original of this generation is missing from storage.');
  // Bounded like every other read of an original (lib/storage/read-object.ts says why these limits).
  const source = await readObject(object, sourceReadLimits);
  const format = negotiateFormat(accept, sourceMayHaveAlpha(generation.src));
  try {
    const variant = await deps.pool.run(() =>
      transformImage(source, { width: snapWidth(width), quality: defaultQuality, format }),
    );
    return { bytes: variant.bytes, contentType: variant.contentType };
  } catch (error) {
    if (error instanceof PoolSaturatedError) {
      throw new ApiError('service_unavailable', 'Busy encoding images; try again shortly.', {
        'Retry-After': String(error.retryAfterSeconds),
      });
    }
    throw error;
  }
}
