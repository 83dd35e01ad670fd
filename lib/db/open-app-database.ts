import 'server-only';
import { env } from '@/lib/env';
import { type DatabaseHandle, openDatabase } from './client';

/** The database the environment names: Postgres when DATABASE_URL is set, else PGlite in DATA_DIR. */
export function openAppDatabase(): Promise<DatabaseHandle> {
  return openDatabase(
    env.DATABASE_URL
      ? { kind: 'postgres', url: env.DATABASE_URL }
      : { kind: 'pglite', dataDir: env.DATA_DIR },
  );
}
