/**
 * `npm run variants -- backfill`: queues the display sets public rows lack (newest published first)
 * and works them here with every core, drawing a progress bar, until none is left. Jobs go through
 * the same durable queue as the server's (one per source at a time, retried, resumable): stop it
 * with Ctrl-C and run it again, or let `npm start` finish them. With the embedded database it
 * refuses while `npm start` runs (PGlite allows one process); with DATABASE_URL both may run.
 */
import { createProgress } from '@/lib/cli/progress';
import { missingDisplaySets } from '@/lib/curation/display-set-jobs';
import { DataDirLockedError } from '@/lib/db/data-dir-lock';
import { openAppDatabase } from '@/lib/db/open-app-database';
import { env } from '@/lib/env';
import { createPublishQueue } from '@/lib/server/publish-queue';
import { createObjectStoresFromEnv } from '@/lib/storage/object-store-from-env';
import { readObject, sourceReadLimits } from '@/lib/storage/read-object';
import { createTransformPool } from '@/lib/transform/transform-pool';

const handle = await openAppDatabase().catch((error: unknown) => {
  if (error instanceof DataDirLockedError) {
    console.error(
      `${error.message}\nStop the server first (it makes missing display sets itself), or use DATABASE_URL.`,
    );
    process.exit(1);
  }
  throw error;
});
const stores = createObjectStoresFromEnv(env);
const queue = createPublishQueue({
  handle,
  jobDeps: {
    db: handle.db,
    stores,
    // No visitors here: the maker leaves one slot of the pool free for them as always, so the CLI's
    // own pool has one more than the jobs it runs at once.
    maker: {
      store: stores.public,
      pool: createTransformPool({ concurrency: env.TRANSFORM_CONCURRENCY + 1 }),
      loadSource: async (key) => {
        const object = await stores.public.get(key);
        return object ? readObject(object, sourceReadLimits) : null;
      },
    },
    variants: { sourcePublished: () => {} },
    // The server's cached head shows public rows already; a backfill changes no row's visibility.
    effects: { feedHeadChanged: () => {} },
  },
  tuning: { backfillConcurrency: env.TRANSFORM_CONCURRENCY },
  log: () => {},
});
let stopping = false;
process.once('SIGINT', () => {
  stopping = true;
});
try {
  await queue.start();
  const missing = await missingDisplaySets(handle.db);
  await queue.enqueueBackfill(missing);
  const total = (await queue.pending()).backfill;
  console.log(`${missing.length} public sources lack a display set; ${total} backfill jobs to run.`);
  const progress = createProgress('Display sets', total);
  let left = total;
  while (left > 0 && !stopping) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = (await queue.pending()).backfill;
    if (now < left) progress.tick(left - now);
    left = now;
  }
  if (stopping) console.log('\nStopped; run it again (or npm start) to finish.');
  else progress.finish();
} finally {
  await queue.stop(10);
  await handle.close();
}
