import 'server-only';
import type { Database, DatabaseHandle } from './client';
import { openAppDatabase } from './open-app-database';

// Kept on globalThis so dev-mode module reloads reuse the one open PGlite instead of opening it twice.
const holder = globalThis as typeof globalThis & { __vitrineDb?: Promise<DatabaseHandle> };

/** The app's database, opened on first use (never at import or build time). */
export async function getDatabaseHandle(): Promise<DatabaseHandle> {
  holder.__vitrineDb ??= openAppDatabase().catch((error: unknown) => {
    holder.__vitrineDb = undefined;
    throw error;
  });
  return holder.__vitrineDb;
}

export async function getDb(): Promise<Database> {
  return (await getDatabaseHandle()).db;
}
