import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, ne, notInArray, sql } from 'drizzle-orm';
import { ApiError } from '@/lib/api/errors';
import type { Database } from '@/lib/db/client';
import { generations } from '@/lib/db/schema';
import { immutableCacheControl } from '@/lib/image-guard/headers';
import { formatContentTypes, type OutputFormat } from '@/lib/images/ladder';
import { privateOriginalKeyOf } from '@/lib/images/storage-keys';
import { publicOriginal } from '@/lib/ingest/public-original';
import type { StoredObject } from '@/lib/storage/object-store';
import type { ObjectStores } from '@/lib/storage/object-store-from-env';
import { readObject, sourceReadLimits } from '@/lib/storage/read-object';
import { displaySet } from '@/lib/image-guard/display-set';
import type { VariantService } from '@/lib/transform/variant-service';
import type { CdnPurger, PurgeOutcome } from './cdn-purger';
import type { CurationEffects } from './curation-effects';
import type { DisplaySetQueue } from './display-set-queue';
import { publishProblem } from './generation-fields';
import type { CuratorGeneration } from './curator-generation';
import { findGeneration } from './generation-record';
import { recordEvent, SYSTEM_ACTOR } from '@/lib/moderation/generation-events';

export interface PublishingDeps {
  db: Database;
  stores: ObjectStores;
  variants: Pick<VariantService, 'purge'>;
  cdn: CdnPurger;
  /** Where a publish's display set is made (lib/server/publish-queue.ts). */
  queue: DisplaySetQueue;
  /** Called by every action here: the feed head changed, work left running (tests record both). */
  effects: CurationEffects;
}

export interface StateChange {
  generation: CuratorGeneration;
  /** What the CDN purge did (unpublish), or null where none was needed. */
  cdnPurge: PurgeOutcome | null;
}

/** The private original's key (lib/images/storage-keys.ts). */
export function privateKey(row: { src: string }): string {
  return privateOriginalKeyOf(row.src);
}

/** Originals are read through the bounded read path: size limit and timeout (sourceReadLimits says why). */
export function readAll(object: StoredObject): Promise<Uint8Array> {
  return readObject(object, sourceReadLimits);
}

export async function requireGeneration(db: Database, id: string): Promise<CuratorGeneration> {
  const generation = await findGeneration(db, id);
  if (!generation) throw new ApiError('not_found', 'No generation has this id.');
  return generation;
}

/** Other rows (scale-test rows share images) that still need the same object. */
export async function othersUse(db: Database, row: CuratorGeneration, publicOnly: boolean): Promise<boolean> {
  const [other] = await db
    .select({ id: generations.id })
    .from(generations)
    .where(
      and(
        eq(generations.storageKey, row.src),
        ne(generations.id, row.id),
        // A publishing row needs its public copy as much as a public one.
        publicOnly ? inArray(generations.status, ['public', 'publishing']) : undefined,
      ),
    )
    .limit(1);
  return Boolean(other);
}

const WITHDRAW_RETRY_MS = 2_000;
const WITHDRAW_GIVE_UP_MS = 15 * 60 * 1000;

export function inBackground(deps: PublishingDeps, work: Promise<unknown>): void {
  deps.effects.background(work);
}

/**
 * A publish failed after its public copy was written: the copy goes again, unless another public
 * row uses the same bytes. Only the database can say so; false when it could not be asked.
 */
async function withdrawCopy(deps: PublishingDeps, row: CuratorGeneration): Promise<boolean> {
  try {
    if (!(await othersUse(deps.db, row, true))) await deps.stores.public.delete(row.src);
    return true;
  } catch {
    return false;
  }
}

/** When the failure was the database itself: asked again every 2 s (past 15 min the sweep takes over). */
async function retryWithdrawCopy(deps: PublishingDeps, row: CuratorGeneration): Promise<void> {
  for (const giveUpAt = Date.now() + WITHDRAW_GIVE_UP_MS; Date.now() < giveUpAt; ) {
    await new Promise((resolve) => setTimeout(resolve, WITHDRAW_RETRY_MS));
    if (await withdrawCopy(deps, row)) return;
  }
  console.warn(`[publish] could not withdraw the public copy ${row.src}; the orphan sweep will`);
}

/** The upload's original; rows from before the private store (the demo seed) only have the public copy. */
async function originalBytes(stores: ObjectStores, row: CuratorGeneration): Promise<Uint8Array> {
  const object = (await stores.private.get(privateKey(row))) ?? (await stores.public.get(row.src));
  if (!object) throw new ApiError('conflict', 'The original of this generation is missing from storage.');
  return readAll(object);
}

/**
 * draft or unpublished → publishing → public. The public copy (metadata stripped) is written first;
 * then, in one transaction, the row becomes `publishing` and its job is queued
 * (lib/curation/display-set-jobs.ts makes the display set and only then makes the row public). If the
 * row cannot be changed the copy is removed again. Publishing a row that is publishing or public
 * answers it as it is.
 */
export async function publishGeneration(
  deps: PublishingDeps,
  id: string,
  by: string = SYSTEM_ACTOR,
): Promise<StateChange> {
  const row = await requireGeneration(deps.db, id);
  if (row.status === 'public' || row.status === 'publishing') return { generation: row, cdnPurge: null };
  const problem = publishProblem(row);
  if (problem) throw new ApiError('unprocessable_entity', problem);
  const format = row.format as OutputFormat;
  const bytes = await publicOriginal(await originalBytes(deps.stores, row), format);
  await deps.stores.public.put(row.src, bytes, {
    contentType: formatContentTypes[format],
    cacheControl: immutableCacheControl,
  });
  try {
    const jobId = randomUUID();
    await deps.db.transaction(async (tx) => {
      const changed = await tx
        .update(generations)
        .set({
          status: 'publishing',
          publishFrom: row.status,
          publishJobId: jobId,
          publishDone: 0,
          publishTotal: displaySet(row.src, row.width).length,
          publishError: null,
          // Published again: no longer hidden (its record keeps the reason it was).
          hiddenReason: null,
          updatedAt: sql`now()`,
        })
        .where(and(eq(generations.id, id), notInArray(generations.status, ['public', 'publishing'])))
        .returning({ id: generations.id });
      if (changed.length === 0)
        throw new ApiError('conflict', 'The generation changed meanwhile; reload it.');
      await recordEvent(tx as unknown as Database, id, 'published', by, { from: row.status });
      await deps.queue.enqueuePublish(tx as unknown as Database, { generationId: id, jobId });
    });
  } catch (error) {
    // At once when the database can say whether other rows use the copy; otherwise once it is back.
    if (!(await withdrawCopy(deps, row))) inBackground(deps, retryWithdrawCopy(deps, row));
    throw error;
  }
  return { generation: await requireGeneration(deps.db, id), cdnPurge: null };
}
