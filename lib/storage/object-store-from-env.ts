import 'server-only';
import path from 'node:path';
import type { Env } from '@/lib/env';
import { createFsObjectStore } from './fs-object-store';
import type { ObjectStore } from './object-store';
import { createS3ObjectStore } from './s3-object-store';

/** Where the embedded driver keeps objects; beside PGlite's `pglite/` folder in DATA_DIR. */
export function fsObjectStoreRoot(dataDir: string): string {
  return path.join(dataDir, 'storage');
}

type StorageSettings = Pick<
  Env,
  | 'DATA_DIR'
  | 'STORAGE_DRIVER'
  | 'S3_BUCKET'
  | 'S3_ENDPOINT'
  | 'S3_REGION'
  | 'S3_ACCESS_KEY_ID'
  | 'S3_SECRET_ACCESS_KEY'
  | 'S3_FORCE_PATH_STYLE'
>;

/** The object store the environment names: S3 when S3_BUCKET is set, else the filesystem under DATA_DIR. */
export function createObjectStoreFromEnv(settings: StorageSettings): ObjectStore {
  if (settings.STORAGE_DRIVER === 's3' && settings.S3_BUCKET) {
    return createS3ObjectStore({
      bucket: settings.S3_BUCKET,
      endpoint: settings.S3_ENDPOINT,
      region: settings.S3_REGION,
      accessKeyId: settings.S3_ACCESS_KEY_ID,
      secretAccessKey: settings.S3_SECRET_ACCESS_KEY,
      forcePathStyle: settings.S3_FORCE_PATH_STYLE,
    });
  }
  return createFsObjectStore(fsObjectStoreRoot(settings.DATA_DIR));
}
