import 'server-only';
import path from 'node:path';
import { env } from '@/lib/env';
import { createFsObjectStore } from './fs-object-store';
import type { ObjectStore } from './object-store';
import { createS3ObjectStore } from './s3-object-store';

/** Where the embedded driver keeps objects; beside PGlite's `pglite/` folder in DATA_DIR. */
export function fsObjectStoreRoot(dataDir: string = env.DATA_DIR): string {
  return path.join(dataDir, 'storage');
}

function createFromEnv(): ObjectStore {
  if (env.STORAGE_DRIVER === 's3' && env.S3_BUCKET) {
    return createS3ObjectStore({
      bucket: env.S3_BUCKET,
      endpoint: env.S3_ENDPOINT,
      region: env.S3_REGION,
      accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY,
      forcePathStyle: env.S3_FORCE_PATH_STYLE,
    });
  }
  return createFsObjectStore(fsObjectStoreRoot());
}

// Kept on globalThis so dev-mode module reloads reuse one store (and one S3 connection pool).
const holder = globalThis as typeof globalThis & { __vitrineObjectStore?: ObjectStore };

/** The app's object store: S3 when S3_BUCKET is set, else the filesystem under DATA_DIR. */
export function getObjectStore(): ObjectStore {
  holder.__vitrineObjectStore ??= createFromEnv();
  return holder.__vitrineObjectStore;
}
