import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { ApiError } from '@/lib/api/errors';
import type { Database } from '@/lib/db/client';
import { generations } from '@/lib/db/schema';
import { recordEvent, SYSTEM_ACTOR } from '@/lib/moderation/generation-events';
import { closeReports } from '@/lib/moderation/reports';
import { revokeSource } from '@/lib/moderation/revocations';
import { removeDisplaySet } from '@/lib/transform/display-set-maker';
import type { PurgeOutcome } from './cdn-purger';
import type { CuratorGeneration } from './curator-generation';
import {
  inBackground,
  othersUse,
  type PublishingDeps,
  privateKey,
  readAll,
  requireGeneration,
  type StateChange,
} from './publishing';

/**
 * Taking a generation down: unpublish, hide (with a reason) and delete. Each changes the row first,
 * in a transaction with its record, then removes what the public could still reach — the stored
 * display set, the cached variants here, the CDN's copies — so a failure there never leaves the row
 * half-changed (docs/curation.md, docs/moderation.md).
 */

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

/** Where a withdrawal leaves a generation: unpublished (a curator's choice) or hidden with a reason. */
export type Withdrawal = { status: 'unpublished' } | { status: 'hidden'; reason: string };

/**
 * public → unpublished (or hidden): out of the feed, its public copy deleted (in the same transaction:
 * if the delete fails the row stays public), then its stored display set removed (unless another
 * public row shows the same image) and its variants dropped here and at the CDN. The private original
 * stays, so it can be published again. Hiding a generation that is not out (submitted, a draft,
 * failed, unpublished) only marks it, with its reason: a rejected submission is never exposed.
 */
export async function withdrawGeneration(
  deps: PublishingDeps,
  id: string,
  to: Withdrawal,
  by: string = SYSTEM_ACTOR,
): Promise<StateChange> {
  const row = await requireGeneration(deps.db, id);
  const out = row.status === 'public' || row.status === 'publishing';
  const hiddenReason = to.status === 'hidden' ? to.reason : null;
  if (row.status === to.status && row.hiddenReason === hiddenReason)
    return { generation: row, cdnPurge: null };
  if (!out && to.status === 'unpublished') {
    throw new ApiError('conflict', `A ${row.status} generation is not published.`);
  }
  const jobId = row.status === 'publishing' ? await publishJobOf(deps.db, id) : null;
  // Rows from before the private store keep their only copy: make the private one first.
  if (out && !(await deps.stores.private.head(privateKey(row)))) {
    const object = await deps.stores.public.get(row.src);
    if (object)
      await deps.stores.private.put(privateKey(row), await readAll(object), {
        contentType: object.contentType,
      });
  }
  await deps.db.transaction(async (tx) => {
    const db = tx as unknown as Database;
    await tx
      .update(generations)
      .set({
        status: to.status,
        hiddenReason,
        publishedAt: null,
        publishJobId: null,
        publishFrom: null,
        updatedAt: sql`now()`,
      })
      .where(eq(generations.id, id));
    await recordEvent(db, id, to.status, by, {
      from: row.status,
      ...(hiddenReason ? { reason: hiddenReason } : {}),
    });
    if (to.status === 'hidden') await closeReports(db, id);
    if (out && !(await othersUse(db, row, true))) {
      await deps.stores.public.delete(row.src);
      // Visitors' service workers drop it too (lib/moderation/revocations.ts).
      await revokeSource(db, row.src);
    }
  });
  if (row.status === 'publishing') {
    await stopPublishing(deps, row, jobId);
    // Never in the feed, never at the CDN: nothing to drop.
    return { generation: await requireGeneration(deps.db, id), cdnPurge: null };
  }
  if (!out) return { generation: await requireGeneration(deps.db, id), cdnPurge: null };
  deps.effects.feedHeadChanged();
  const cdnPurge = await forget(deps, row);
  return { generation: await requireGeneration(deps.db, id), cdnPurge };
}

export function unpublishGeneration(deps: PublishingDeps, id: string, by?: string): Promise<StateChange> {
  return withdrawGeneration(deps, id, { status: 'unpublished' }, by);
}

/**
 * Gone for good: the row, the public copy (in the transaction, as for unpublish), then the private
 * original, the stored display set, the cached variants and the CDN's copies. Objects still used by
 * other rows stay.
 */
export async function deleteGeneration(
  deps: PublishingDeps,
  id: string,
  by: string = SYSTEM_ACTOR,
): Promise<{ cdnPurge: PurgeOutcome | null }> {
  const row = await requireGeneration(deps.db, id);
  const jobId = row.status === 'publishing' ? await publishJobOf(deps.db, id) : null;
  let privateUnused = false;
  await deps.db.transaction(async (tx) => {
    const db = tx as unknown as Database;
    await tx.delete(generations).where(eq(generations.id, id));
    await recordEvent(db, id, 'deleted', by, { from: row.status });
    const usedElsewhere = await othersUse(db, row, false);
    privateUnused = !usedElsewhere;
    if (!usedElsewhere || !(await othersUse(db, row, true))) {
      await deps.stores.public.delete(row.src);
      if (row.status === 'public' || row.status === 'publishing') await revokeSource(db, row.src);
    }
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
