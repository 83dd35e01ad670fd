import 'server-only';
import { and, countDistinct, inArray, sql } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { generations } from '@/lib/db/schema';
import { type DisplayVariant, displaySet } from '@/lib/image-guard/display-set';
import { keyPrefixes, parseStoredVariantKey, storedVariantPrefix } from '@/lib/images/storage-keys';
import type { ObjectStore } from '@/lib/storage/object-store';

/**
 * The stored display sets against the database (`npm run variants -- verify|prune`, and the `v/` part
 * of the orphan sweep). A public row needs every member of its source's set (lib/image-guard/
 * display-set.ts); nothing else under `v/` is needed by anyone.
 */

/** One published source as the public rows have it: scale rows share images, so `rows` may be many. */
export interface PublicSource {
  storagePath: string;
  width: number;
  /** How many public rows show it, and the first of them (to name it in a report). */
  rows: number;
  generationId: string;
}

/**
 * A publish makes its set before the row turns public, and the job may take minutes on a busy pool:
 * an object this young may belong to a row that is about to be public. The orphan sweep's grace, too.
 */
export const STORED_VARIANT_GRACE_MS = 60 * 60 * 1000;
const SOURCE_PAGE = 1_000;
const LIST_CONCURRENCY = 8;
const PRUNE_BATCH = 500;

const isPublic = sql`${generations.status} = 'public'`;

/** How many distinct sources the public rows show (what `verify` walks). */
export async function countPublicSources(db: Database): Promise<number> {
  const [row] = await db
    .select({ n: countDistinct(sql`(${generations.storageKey}, ${generations.width})`) })
    .from(generations)
    .where(isPublic);
  return row?.n ?? 0;
}

/** Every distinct (storage path, width) of the public rows, in pages ordered by both (a keyset). */
export async function* publicSources(db: Database, pageSize = SOURCE_PAGE): AsyncGenerator<PublicSource> {
  let after: { storagePath: string; width: number } | null = null;
  for (;;) {
    const page: PublicSource[] = await db
      .select({
        storagePath: generations.storageKey,
        width: generations.width,
        rows: sql<number>`count(*)::int`,
        generationId: sql<string>`min(${generations.id}::text)`,
      })
      .from(generations)
      .where(
        and(
          isPublic,
          after
            ? sql`(${generations.storageKey}, ${generations.width}) > (${after.storagePath}, ${after.width})`
            : undefined,
        ),
      )
      .groupBy(generations.storageKey, generations.width)
      .orderBy(generations.storageKey, generations.width)
      .limit(pageSize);
    yield* page;
    const last = page.at(-1);
    if (!last || page.length < pageSize) return;
    after = last;
  }
}

/** What is stored of one source's set: one listing of its `v/` prefix (a HEAD per member costs 15×). */
async function storedMembers(store: ObjectStore, source: PublicSource): Promise<DisplayVariant[]> {
  const members = displaySet(source.storagePath, source.width);
  let prefix: string;
  try {
    prefix = storedVariantPrefix(source.storagePath);
  } catch {
    // Not a content-addressed key (no upload writes one): ask member by member.
    const heads = await Promise.all(members.map((member) => store.head(member.storedKey)));
    return members.filter((_, i) => heads[i] !== null);
  }
  const present = new Set<string>();
  for await (const object of store.list(prefix)) if (object.size > 0) present.add(object.key);
  return members.filter((member) => present.has(member.storedKey));
}

export interface IncompleteSet {
  source: PublicSource;
  missing: DisplayVariant[];
}

export interface VerifyResult {
  /** Sources checked (distinct storage path and width of the public rows). */
  checked: number;
  incomplete: IncompleteSet[];
}

/**
 * Checks that every public row's display set is stored whole: lists each source's `v/` prefix (eight
 * at a time) and names the members missing. Read-only.
 */
export async function verifyDisplaySets(
  db: Database,
  store: ObjectStore,
  options: { onChecked?: (source: PublicSource, missing: DisplayVariant[]) => void } = {},
): Promise<VerifyResult> {
  const incomplete: IncompleteSet[] = [];
  let checked = 0;
  const inFlight = new Set<Promise<void>>();
  const check = async (source: PublicSource) => {
    const stored = new Set((await storedMembers(store, source)).map((member) => member.storedKey));
    const missing = displaySet(source.storagePath, source.width).filter((m) => !stored.has(m.storedKey));
    checked++;
    if (missing.length > 0) incomplete.push({ source, missing });
    options.onChecked?.(source, missing);
  };
  let failure: unknown = null;
  for await (const source of publicSources(db)) {
    const task: Promise<void> = check(source).then(
      () => void inFlight.delete(task),
      (error: unknown) => {
        inFlight.delete(task);
        failure ??= error;
      },
    );
    inFlight.add(task);
    if (inFlight.size >= LIST_CONCURRENCY) await Promise.race(inFlight);
    if (failure) break;
  }
  await Promise.all(inFlight);
  if (failure) throw failure;
  incomplete.sort((a, b) =>
    a.source.storagePath === b.source.storagePath
      ? a.source.width - b.source.width
      : a.source.storagePath < b.source.storagePath
        ? -1
        : 1,
  );
  return { checked, incomplete };
}

/**
 * Of these `v/` keys, the ones a public row needs: members of the display set of a source a public
 * row shows. A key that does not parse as a stored variant is needed by no one.
 */
export async function neededStoredVariants(db: Database, keys: string[]): Promise<Set<string>> {
  const paths = [...new Set(keys.map((key) => parseStoredVariantKey(key)?.storagePath ?? null))].filter(
    (path): path is string => path !== null,
  );
  if (paths.length === 0) return new Set();
  const rows = await db
    .selectDistinct({ storagePath: generations.storageKey, width: generations.width })
    .from(generations)
    .where(and(isPublic, inArray(generations.storageKey, paths)));
  const needed = new Set<string>();
  for (const row of rows)
    for (const member of displaySet(row.storagePath, row.width)) needed.add(member.storedKey);
  return new Set(keys.filter((key) => needed.has(key)));
}

export interface PruneOptions {
  /** Objects younger than this are kept: a publish job may be making the set of a row not yet public. */
  graceMs?: number;
  now?: number;
  /** After each batch of listed objects: how many were looked at so far. */
  onListed?: (listed: number) => void;
}

export interface PruneResult {
  /** Objects under `v/` looked at. */
  listed: number;
  removed: string[];
  /** Not needed, but younger than the grace period. */
  keptYoung: number;
}

/**
 * Removes the stored display variants no row needs: those of sources no public row shows (unpublished,
 * deleted, a removal that failed), members of no current set (an old ladder), keys that are not
 * stored-variant keys. Objects younger than the grace period (1 h) are kept, since a publish makes a
 * set before its row turns public. Deletes are safe to repeat, so an interrupted prune is run again.
 */
export async function pruneDisplaySets(
  db: Database,
  store: ObjectStore,
  options: PruneOptions = {},
): Promise<PruneResult> {
  const olderThan = (options.now ?? Date.now()) - (options.graceMs ?? STORED_VARIANT_GRACE_MS);
  const removed: string[] = [];
  let listed = 0;
  let keptYoung = 0;
  let batch: { key: string; young: boolean }[] = [];
  const flush = async () => {
    const needed = await neededStoredVariants(
      db,
      batch.map((object) => object.key),
    );
    for (const object of batch) {
      if (needed.has(object.key)) continue;
      if (object.young) {
        keptYoung++;
        continue;
      }
      await store.delete(object.key);
      removed.push(object.key);
    }
    listed += batch.length;
    batch = [];
    options.onListed?.(listed);
  };
  for await (const object of store.list(keyPrefixes.storedVariant)) {
    // No date (a store that gives none) counts as old, as the orphan sweep treats it.
    batch.push({ key: object.key, young: (object.lastModified?.getTime() ?? 0) > olderThan });
    if (batch.length >= PRUNE_BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  return { listed, removed, keptYoung };
}

/** How many objects are under `v/` (the prune's progress total: a listing is cheap, a HEAD is not needed). */
export async function countStoredVariants(store: ObjectStore): Promise<number> {
  let n = 0;
  for await (const _ of store.list(keyPrefixes.storedVariant)) n++;
  return n;
}
