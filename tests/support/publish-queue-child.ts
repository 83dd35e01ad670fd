/**
 * A process that runs the publish queue over a real database, for the crash tests
 * (lib/server/publish-queue.kill.test.ts): PGlite in QUEUE_DATA_DIR, or Postgres at QUEUE_DATABASE_URL;
 * fs stores in QUEUE_STORAGE_DIR. With QUEUE_PUBLISH_ID it publishes that row first. Every display
 * variant it stores is appended to QUEUE_PUT_LOG once written (so a parent counts encodes), each
 * after QUEUE_PUT_DELAY_MS (so a parent can kill it mid-job). Exits 0 once no job is left and no row
 * is publishing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { publishGeneration } from '@/lib/curation/publishing';
import { openDatabase } from '@/lib/db/client';
import { createPublishQueue } from '@/lib/server/publish-queue';
import { createFsObjectStore } from '@/lib/storage/fs-object-store';
import type { ObjectStore } from '@/lib/storage/object-store';
import { readObject, sourceReadLimits } from '@/lib/storage/read-object';
import { createTransformPool } from '@/lib/transform/transform-pool';

const given = process.env;
const storageDir = given.QUEUE_STORAGE_DIR!;
const putLog = given.QUEUE_PUT_LOG!;
const delayMs = Number(given.QUEUE_PUT_DELAY_MS ?? 0);
const handle = await openDatabase(
  given.QUEUE_DATABASE_URL
    ? { kind: 'postgres', url: given.QUEUE_DATABASE_URL }
    : { kind: 'pglite', dataDir: given.QUEUE_DATA_DIR! },
);
const inner = createFsObjectStore(path.join(storageDir, 'public'));
const publicStore: ObjectStore = {
  ...inner,
  async put(key, body, options) {
    if (key.startsWith('v/')) await sleep(delayMs);
    await inner.put(key, body, options);
    if (key.startsWith('v/')) fs.appendFileSync(putLog, `${process.pid} ${key}\n`);
  },
};
const stores = { public: publicStore, private: createFsObjectStore(path.join(storageDir, 'private')) };
const variants = { purge: async () => {}, sourcePublished: () => {} };
const effects = {
  feedHeadChanged: () => {},
  background: (work: Promise<unknown>) => void work.catch(() => {}),
};
const queue = createPublishQueue({
  handle,
  jobDeps: {
    db: handle.db,
    stores,
    maker: {
      store: publicStore,
      pool: createTransformPool({ concurrency: 1 }),
      loadSource: async (key) => {
        const object = await inner.get(key);
        return object ? readObject(object, sourceReadLimits) : null;
      },
    },
    variants,
    effects,
  },
  backfillAtStart: true,
  tuning: { superviseSeconds: 1, pollingSeconds: 0.5, retryDelaySeconds: 1, retryDelayMaxSeconds: 1 },
  log: (line) => console.log(line),
});
await queue.start();
if (given.QUEUE_PUBLISH_ID) {
  const change = await publishGeneration(
    { db: handle.db, stores, variants, cdn: { purgeSource: async () => 'not-configured' }, effects, queue },
    given.QUEUE_PUBLISH_ID,
  );
  console.log(`published: ${change.generation.status}`);
}
console.log('working');
const deadline = Date.now() + 120_000;
for (;;) {
  const pending = await queue.pending();
  const publishing = (await handle.db.execute(
    sql`select count(*)::int as n from generations where status = 'publishing'`,
  )) as unknown as { rows: { n: number }[] };
  if (pending.publish + pending.backfill === 0 && publishing.rows[0]?.n === 0) break;
  if (Date.now() > deadline) {
    console.error('still working after 120 s', pending);
    process.exit(1);
  }
  await sleep(200);
}
await queue.stop();
await handle.close();
console.log('idle');
