import 'server-only';
import { and, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { generations } from '@/lib/db/schema';
import type { ObjectStores } from '@/lib/storage/object-store-from-env';
import {
  makeDisplaySet,
  removeDisplaySet,
  type DisplaySetMakerDeps,
} from '@/lib/transform/display-set-maker';
import type { VariantService } from '@/lib/transform/variant-service';
import type { CurationEffects } from './curation-effects';
import type { BackfillJob, PublishJob } from './display-set-queue';

/** What the queue's workers run with: the app's database, stores and (background-gated) pool. */
export interface DisplaySetJobDeps {
  db: Database;
  stores: ObjectStores;
  maker: DisplaySetMakerDeps;
  variants: Pick<VariantService, 'sourcePublished'>;
  effects: Pick<CurationEffects, 'feedHeadChanged'>;
}

/** What the curator reads when every attempt stopped without an error of its own (a crash, a kill). */
export const STOPPED_REASON = 'The publish job stopped before it finished (the server stopped or crashed).';

/** Rows (other than `exceptId`) that keep a source's public copy and display set in use. */
async function sourceInUse(db: Database, storagePath: string, exceptId?: string): Promise<boolean> {
  const [row] = await db
    .select({ id: generations.id })
    .from(generations)
    .where(
      and(
        eq(generations.storageKey, storagePath),
        inArray(generations.status, ['public', 'publishing']),
        exceptId ? ne(generations.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  return Boolean(row);
}

function isPublishing(job: PublishJob) {
  return and(
    eq(generations.id, job.generationId),
    eq(generations.publishJobId, job.jobId),
    eq(generations.status, 'publishing'),
  );
}

/**
 * One attempt of a publish job: makes the display set (what is stored already is kept), recording
 * progress on the row, then flips the row to public — only now, with every member stored. A row
 * that is no longer publishing with this job (unpublished, deleted, published again) is left alone.
 * A failure is recorded on the row and thrown: pg-boss retries with backoff, and after the last
 * attempt the dead-letter job (`failPublishJob`) takes the row back.
 */
export async function runPublishJob(
  deps: DisplaySetJobDeps,
  job: PublishJob,
  signal?: AbortSignal,
): Promise<void> {
  const [row] = await deps.db
    .select({ src: generations.storageKey, width: generations.width })
    .from(generations)
    .where(isPublishing(job))
    .limit(1);
  if (!row) return;
  try {
    const made = await makeDisplaySet(
      deps.maker,
      { storagePath: row.src, width: row.width },
      {
        ...(signal ? { signal } : {}),
        // Before any backfill's members, and before later publishes' (lib/transform/background-gate.ts).
        priority: 'publish',
        onProgress: async ({ done, total }) => {
          await deps.db
            .update(generations)
            .set({ publishDone: done, publishTotal: total })
            .where(isPublishing(job));
        },
      },
    );
    const flipped = await deps.db
      .update(generations)
      .set({
        status: 'public',
        publishedAt: sql`now()`,
        updatedAt: sql`now()`,
        displaySetAt: sql`now()`,
        publishJobId: null,
        publishFrom: null,
        publishError: null,
        publishDone: made.total,
        publishTotal: made.total,
      })
      .where(isPublishing(job))
      .returning({ id: generations.id });
    if (flipped.length === 0) {
      // Unpublished or deleted while the set was being made: what this attempt stored goes too.
      if (!(await sourceInUse(deps.db, row.src))) await removeDisplaySet(deps.stores.public, row.src);
      return;
    }
    deps.variants.sourcePublished(row.src);
    deps.effects.feedHeadChanged();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await deps.db
      .update(generations)
      .set({ publishError: reason.slice(0, 500) })
      .where(isPublishing(job))
      .catch(() => undefined);
    throw error;
  }
}

/**
 * Every attempt failed (pg-boss moved the job to the dead-letter queue): the row becomes `failed`,
 * keeping the reason (a host app polling sees it; publishing again retries), and the public copy and
 * whatever part of the set was made are withdrawn — unless another row still uses the same bytes.
 * Never a public row without its set.
 */
export async function failPublishJob(deps: DisplaySetJobDeps, job: PublishJob): Promise<void> {
  const reverted = await deps.db
    .update(generations)
    .set({
      status: 'failed',
      publishJobId: null,
      publishFrom: null,
      publishError: sql`coalesce(${generations.publishError}, ${STOPPED_REASON})`,
      updatedAt: sql`now()`,
    })
    .where(isPublishing(job))
    .returning({ src: generations.storageKey });
  const src = reverted[0]?.src;
  if (!src || (await sourceInUse(deps.db, src))) return;
  await deps.stores.public.delete(src);
  await removeDisplaySet(deps.stores.public, src);
}

/** A backfill: the display set of a source public rows already show; then those rows are marked done. */
export async function runBackfillJob(
  deps: DisplaySetJobDeps,
  job: BackfillJob,
  signal?: AbortSignal,
): Promise<void> {
  const isPublic = and(eq(generations.storageKey, job.storagePath), eq(generations.status, 'public'));
  const [row] = await deps.db.select({ id: generations.id }).from(generations).where(isPublic).limit(1);
  if (!row) return;
  await makeDisplaySet(deps.maker, job, signal ? { signal } : {});
  const marked = await deps.db
    .update(generations)
    .set({ displaySetAt: sql`now()` })
    .where(isPublic)
    .returning({ id: generations.id });
  // Unpublished while it was made: the set goes with it.
  if (marked.length === 0 && !(await sourceInUse(deps.db, job.storagePath))) {
    await removeDisplaySet(deps.stores.public, job.storagePath);
  }
}

/**
 * Sources of public rows whose display set is not known to be stored, newest publication first (the
 * feed head gets its sets soonest). Rows sharing bytes (scale-test rows) are one source.
 */
export async function missingDisplaySets(db: Database): Promise<BackfillJob[]> {
  const rows = await db
    .select({
      storagePath: generations.storageKey,
      width: generations.width,
      newest: sql<string>`max(${generations.publishedAt})`,
    })
    .from(generations)
    .where(and(eq(generations.status, 'public'), sql`${generations.displaySetAt} is null`))
    .groupBy(generations.storageKey, generations.width)
    .orderBy(desc(sql`max(${generations.publishedAt})`));
  return rows.map(({ storagePath, width }) => ({ storagePath, width }));
}
