/**
 * `npm run variants -- verify|prune`: the stored display sets (`v/` in the public store) against the
 * database, with a progress bar on stderr and the report on stdout.
 * - verify: every public row's set is stored whole; lists what is missing per source, exit code 1 if
 *   anything is.
 * - prune: removes stored variants no public row needs (older than an hour: a publish makes its set
 *   before its row turns public).
 * The work is in lib/curation/display-sets.ts. With the embedded database this refuses to run while
 * `npm start` holds it, and says so: PGlite allows one process per data directory.
 */
import { createProgress } from '@/lib/cli/progress';
import {
  countPublicSources,
  countStoredVariants,
  pruneDisplaySets,
  STORED_VARIANT_GRACE_MS,
  verifyDisplaySets,
} from '@/lib/curation/display-sets';
import type { Database } from '@/lib/db/client';
import { openAppDatabase } from '@/lib/db/open-app-database';
import { env } from '@/lib/env';
import type { ObjectStore } from '@/lib/storage/object-store';
import { createObjectStoresFromEnv } from '@/lib/storage/object-store-from-env';

const usage = 'Usage: npm run variants -- verify | prune';

/** A member as its file name says it: `w-640,q-75.avif`. */
function memberName(variantKey: string): string {
  return variantKey.slice(variantKey.lastIndexOf('/') + 1);
}

async function verify(db: Database, store: ObjectStore): Promise<number> {
  const progress = createProgress('Checking display sets', await countPublicSources(db));
  const { checked, incomplete } = await verifyDisplaySets(db, store, { onChecked: () => progress.tick() });
  progress.finish();
  if (incomplete.length === 0) {
    console.log(`All ${checked} published sources have their whole display set stored.`);
    return 0;
  }
  let missing = 0;
  for (const { source, missing: members } of incomplete) {
    missing += members.length;
    const rows = source.rows > 1 ? `, ${source.rows} public rows` : '';
    console.log(
      `${source.storagePath} (generation ${source.generationId}${rows}): missing ${members.map((m) => memberName(m.variantKey)).join(', ')}`,
    );
  }
  console.log(
    `${incomplete.length} of ${checked} published sources miss ${missing} stored display variant${missing === 1 ? '' : 's'}. Make them with: npm run variants -- backfill`,
  );
  return 1;
}

async function prune(db: Database, store: ObjectStore): Promise<number> {
  const progress = createProgress('Pruning display variants', await countStoredVariants(store));
  let seen = 0;
  const { listed, removed, keptYoung } = await pruneDisplaySets(db, store, {
    onListed: (listed) => {
      progress.tick(listed - seen);
      seen = listed;
    },
  });
  progress.finish();
  const young =
    keptYoung > 0
      ? ` ${keptYoung} unneeded ones younger than ${STORED_VARIANT_GRACE_MS / 60_000} min were kept (a publish may be making them); prune again later.`
      : '';
  console.log(
    `Removed ${removed.length} of ${listed} stored display variants: no public row needs them.${young}`,
  );
  return 0;
}

/** The command's work; null for a name that is none. Add a command here (one case). */
function commandFor(
  name: string | undefined,
): ((db: Database, store: ObjectStore) => Promise<number>) | null {
  switch (name) {
    case 'verify':
      return verify;
    case 'prune':
      return prune;
    default:
      return null;
  }
}

const args = process.argv.slice(2);
const run = args.length === 1 ? commandFor(args[0]) : null;
if (!run) {
  console.error(usage);
  process.exit(2);
}

let exitCode = 0;
try {
  const handle = await openAppDatabase();
  try {
    exitCode = await run(handle.db, createObjectStoresFromEnv(env).public);
  } finally {
    await handle.close();
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  exitCode = 1;
}
process.exit(exitCode);
