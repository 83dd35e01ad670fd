/**
 * `npm start`'s first step after the build, in a process of its own (scripts/start.ts): brings the
 * database up to date, fills an empty one with demo data, and creates the first curator from
 * CURATOR_EMAIL / CURATOR_PASSWORD. Exits when done, so nothing it loaded stays in memory.
 */
import { addCurator, listCurators } from '@/lib/auth/curators';
import { ensurePrivateDir } from '@/lib/db/client';
import { openAppDatabase } from '@/lib/db/open-app-database';
import { env } from '@/lib/env';
import { createObjectStoresFromEnv } from '@/lib/storage/object-store-from-env';
import { ensureDemoData } from '@/drizzle/seed-demo';

try {
  // Database, drafts, variants and the secret: for this user's eyes only (also an older 0755 folder).
  ensurePrivateDir(env.DATA_DIR);
  const handle = await openAppDatabase();
  try {
    await ensureDemoData(handle.db, createObjectStoresFromEnv(env).public, { count: env.DEMO_COUNT });
    if (env.CURATOR_EMAIL && env.CURATOR_PASSWORD && (await listCurators(handle.db)).length === 0) {
      await addCurator(handle.db, env.CURATOR_EMAIL, env.CURATOR_PASSWORD);
      console.log(`Created the first curator, ${env.CURATOR_EMAIL}.`);
    }
  } finally {
    await handle.close();
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
