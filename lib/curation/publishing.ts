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
import { removeDisplaySet } from '@/lib/transform/display-set-maker';
import type { VariantService } from '@/lib/transform/variant-service';
import type { CdnPurger, PurgeOutcome } from './cdn-purger';
import type { CurationEffects } from './curation-effects';
import type { DisplaySetQueue } from './display-set-queue';
import { publishProblem } from './generation-fields';
import type { CuratorGeneration } from './curator-generation';
import { findGeneration } from './generation-record';

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
function privateKey(row: { src: string }): string {
  return privateOriginalKeyOf(row.src);
}

/** Originals are read through the bounded read path: size limit and timeout (sourceReadLimits says why). */
function readAll(object: StoredObject): Promise<Uint8Array> {
  return readObject(object, sourceReadLimits);
}

async function requireGeneration(db: Database, id: string): Promise<CuratorGeneration> {
  const generation = await findGeneration(db, id);
  if (!generation) throw new ApiError('not_found', 'No generation has this id.');
  return generation;
}

/** Other rows (scale-test rows share images) that still need the same object. */
async function othersUse(db: Database, row: CuratorGeneration, publicOnly: boolean): Promise<boolean> {
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

function inBackground(deps: PublishingDeps, work: Promise<unknown>): void {
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
export async function publishGeneration(deps: PublishingDeps, id: string): Promise<StateChange> {
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
          updatedAt: sql`now()`,
        })
        .where(and(eq(generations.id, id), notInArray(generations.status, ['public', 'publishing'])))
        .returning({ id: generations.id });
      if (changed.length === 0)
        throw new ApiError('conflict', 'The generation changed meanwhile; reload it.');
      await deps.queue.enqueuePublish(tx as unknown as Database, { generationId: id, jobId });
    });
  } catch (error) {
    // At once when the database can say whether other rows use the copy; otherwise once it is back.
    if (!(await withdrawCopy(deps, row))) inBackground(deps, retryWithdrawCopy(deps, row));
    throw error;
  }
  return { generation: await requireGeneration(deps.db, id), cdnPurge: null };
}

/** A publish in progress stops: its job is cancelled and what it stored of the set goes. */
async function stopPublishing(
  deps: PublishingDeps,
  row: CuratorGeneration,
  jobId: string | null,
): Promise<void> {
  if (jobId) await deps.queue.cancelPublish(jobId);
  await removeStoredSet(deps, row);
}

async function publishJobOf(db: Database, id: string): Promise<string | null> {
  const [row] = await db
    .select({ jobId: generations.publishJobId })
    .from(generations)
    .where(eq(generations.id, id))
    .limit(1);
  return row?.jobId ?? null;
}

const REMOVE_SET_RETRY_MS = [2_000, 10_000, 60_000];

/**
 * The stored display set goes once no public row shows the source, asked on the committed state right
 * before each try: another row showing the same image may have been published meanwhile.
 */
async function removeSetIfUnused(deps: PublishingDeps, row: CuratorGeneration): Promise<void> {
  if (await othersUse(deps.db, row, true)) return;
  await removeDisplaySet(deps.stores.public, row.src);
}

/**
 * After the row changed, so a failure cannot leave it half-changed: retried in the background a few
 * times, then left to the orphan sweep and `npm run variants -- prune`, which remove any `v/` object no
 * public row needs. The unpublish or delete itself has succeeded by then and is not failed for it.
 */
async function removeStoredSet(deps: PublishingDeps, row: CuratorGeneration): Promise<void> {
  try {
    await removeSetIfUnused(deps, row);
  } catch (error) {
    console.warn(`[display set] removing the display set of ${row.src} failed; retrying:`, error);
    inBackground(
      deps,
      (async () => {
        for (const pause of REMOVE_SET_RETRY_MS) {
          await new Promise((resolve) => setTimeout(resolve, pause));
          const removed = await removeSetIfUnused(deps, row).then(
            () => true,
            () => false,
          );
          if (removed) return;
        }
        console.warn(`[display set] could not remove the display set of ${row.src}; the orphan sweep will`);
      })(),
    );
  }
}

/** Drops the source's stored display set, its cached variants here, and its copies at the CDN. */
async function forget(deps: PublishingDeps, row: CuratorGeneration): Promise<PurgeOutcome> {
  // The stored set first: a CDN refetch after the purge must not find it.
  await removeStoredSet(deps, row);
  await deps.variants.purge(row.src);
  return deps.cdn.purgeSource(row.src);
}

/**
 * public → unpublished: out of the feed, its public copy deleted (in the same transaction: if the
 * delete fails the row stays public), then its stored display set removed (unless another public row
 * shows the same image) and its variants dropped here and at the CDN. The private original stays, so
 * it can be published again.
 */
export async function unpublishGeneration(deps: PublishingDeps, id: string): Promise<StateChange> {
  const row = await requireGeneration(deps.db, id);
  if (row.status === 'unpublished') return { generation: row, cdnPurge: null };
  if (row.status === 'draft' || row.status === 'submitted' || row.status === 'failed') {
    throw new ApiError('conflict', `A ${row.status} generation is not published.`);
  }
  const jobId = row.status === 'publishing' ? await publishJobOf(deps.db, id) : null;
  // Rows from before the private store keep their only copy: make the private one first.
  if (!(await deps.stores.private.head(privateKey(row)))) {
    const object = await deps.stores.public.get(row.src);
    if (object)
      await deps.stores.private.put(privateKey(row), await readAll(object), {
        contentType: object.contentType,
      });
  }
  await deps.db.transaction(async (tx) => {
    await tx
      .update(generations)
      .set({
        status: 'unpublished',
        publishedAt: null,
        publishJobId: null,
        publishFrom: null,
        updatedAt: sql`now()`,
      })
      .where(eq(generations.id, id));
    if (!(await othersUse(tx as unknown as Database, row, true))) await deps.stores.public.delete(row.src);
  });
  if (row.status === 'publishing') {
    await stopPublishing(deps, row, jobId);
    // Never in the feed, never at the CDN: nothing to drop.
    return { generation: await requireGeneration(deps.db, id), cdnPurge: null };
  }
  deps.effects.feedHeadChanged();
  const cdnPurge = await forget(deps, row);
  return { generation: await requireGeneration(deps.db, id), cdnPurge };
}

/**
 * Gone for good: the row, the public copy (in the transaction, as for unpublish), then the private
 * original, the stored display set, the cached variants and the CDN's copies. Objects still used by
 * other rows stay.
 */
export async function deleteGeneration(
  deps: PublishingDeps,
  id: string,
): Promise<{ cdnPurge: PurgeOutcome | null }> {
  const row = await requireGeneration(deps.db, id);
  const jobId = row.status === 'publishing' ? await publishJobOf(deps.db, id) : null;
  let privateUnused = false;
  await deps.db.transaction(async (tx) => {
    const db = tx as unknown as Database;
    await tx.delete(generations).where(eq(generations.id, id));
    const usedElsewhere = await othersUse(db, row, false);
    privateUnused = !usedElsewhere;
    if (!usedElsewhere || !(await othersUse(db, row, true))) await deps.stores.public.delete(row.src);
  });
  if (row.status === 'public') deps.effects.feedHeadChanged();
  if (row.status === 'publishing') await stopPublishing(deps, row, jobId);
  // After the commit: a failure here leaves an object no row points at, which sweepOrphans removes.
  if (privateUnused) await deps.stores.private.delete(privateKey(row)).catch(() => undefined);
  // Drafts were never public, and unpublishing already purged: only a public row has copies out there.
  if (row.status === 'public') return { cdnPurge: await forget(deps, row) };
  // Yet a draft may have part of a set (its publish job was running), an unpublished row a set whose
  // removal failed: one listing says, and takes them.
  await removeStoredSet(deps, row);
  return { cdnPurge: null };
}
