/**
 * `npm run seed -- --count N`: adds N published generations that reuse stored images (fast: for
 *   scale tests of 100k+ rows). `--unique` renders a new image for each instead.
 * `--demo N --until M`: used by the browser suite; ensures the first N demo images exist, then
 *   adds scale rows until M public generations exist.
 */
import { parseArgs } from 'node:util';
import { count, sql } from 'drizzle-orm';
import { z } from 'zod';
import { seedDemoGenerations, seedSyntheticGenerations } from '@/drizzle/seed-demo';
import { openAppDatabase } from '@/lib/db/open-app-database';
import { env } from '@/lib/env';
import { createObjectStoresFromEnv } from '@/lib/storage/object-store-from-env';
import { generations } from '@/lib/db/schema';

const { values } = parseArgs({
  options: {
    count: { type: 'string' },
    unique: { type: 'boolean', default: false },
    demo: { type: 'string' },
    until: { type: 'string' },
  },
});
const amount = z.coerce.number().int().min(0).max(10_000_000);
function option(name: keyof typeof values): number | undefined {
  const raw = values[name];
  if (raw === undefined || typeof raw === 'boolean') return undefined;
  const parsed = amount.safeParse(raw);
  if (!parsed.success) {
    console.error(`--${name} must be a whole number from 0 to 10,000,000 (got ${raw}).`);
    process.exit(2);
  }
  return parsed.data;
}

const handle = await openAppDatabase();
const store = createObjectStoresFromEnv(env).public;
try {
  const { db } = handle;
  const countDemo = async () =>
    (await db.select({ n: count() }).from(generations).where(sql`${generations.params} ? 'demoSeed'`))[0]
      ?.n ?? 0;
  const countPublic = async () =>
    (await db.select({ n: count() }).from(generations).where(sql`${generations.status} = 'public'`))[0]?.n ??
    0;

  const demo = option('demo');
  if (demo !== undefined) await seedDemoGenerations(db, store, demo);
  const until = option('until');
  if (until !== undefined) {
    const missing = until - (await countPublic());
    if (missing > 0) await seedSyntheticGenerations(db, store, missing);
  }
  const added = option('count') ?? (demo === undefined && until === undefined ? 1200 : 0);
  if (added > 0) {
    if (values.unique) await seedDemoGenerations(db, store, (await countDemo()) + added);
    else await seedSyntheticGenerations(db, store, added);
  }
  console.log(`The database now holds ${await countPublic()} public generations.`);
} finally {
  await handle.close();
}
