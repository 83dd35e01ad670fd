import 'server-only';
import path from 'node:path';
import type { Env } from '@/lib/env';
import { createFsObjectStore } from './fs-object-store';
import type { ObjectStore } from './object-store';
import { createS3ObjectStore } from './s3-object-store';

/**
 * Where the embedded driver keeps objects, beside PGlite's `pglite/` folder in DATA_DIR: the public
 * store (published originals, what `/i/` and `/o/` read) and the private one (every upload's
 * original), in folders of their own so no path into one can reach the other.
 */
export function fsObjectStoreRoot(dataDir: string, which: 'public' | 'private' = 'public'): string {
  return path.join(dataDir, which === 'public' ? 'storage' : 'private');
}

type StorageSettings = Pick<
  Env,
  | 'DATA_DIR'
  | 'STORAGE_DRIVER'
  | 'S3_BUCKET'
  | 'S3_PRIVATE_BUCKET'
  | 'S3_ENDPOINT'
  | 'S3_REGION'
  | 'S3_ACCESS_KEY_ID'
  | 'S3_SECRET_ACCESS_KEY'
  | 'S3_FORCE_PATH_STYLE'
>;

type ImportBucketSettings = Pick<
  Env,
  | 'IMPORT_S3_BUCKET'
  | 'IMPORT_S3_ENDPOINT'
  | 'IMPORT_S3_REGION'
  | 'IMPORT_S3_ACCESS_KEY_ID'
  | 'IMPORT_S3_SECRET_ACCESS_KEY'
  | 'IMPORT_S3_FORCE_PATH_STYLE'
>;

/**
 * The host app's bucket, which `bucketKey` reads from (read only: nothing here writes to it), or null
 * when IMPORT_S3_BUCKET is unset.
 */
export function createImportBucketFromEnv(settings: ImportBucketSettings): ObjectStore | null {
  if (!settings.IMPORT_S3_BUCKET) return null;
  return createS3ObjectStore({
    bucket: settings.IMPORT_S3_BUCKET,
    endpoint: settings.IMPORT_S3_ENDPOINT,
    region: settings.IMPORT_S3_REGION,
    accessKeyId: settings.IMPORT_S3_ACCESS_KEY_ID,
    secretAccessKey: settings.IMPORT_S3_SECRET_ACCESS_KEY,
    forcePathStyle: settings.IMPORT_S3_FORCE_PATH_STYLE,
  });
}

export interface ObjectStores {
  /** Published originals only (`g/<sha256>.<ext>`): the bucket behind the public host. */
  public: ObjectStore;
  /** Uploaded originals (`originals/<sha256>.<ext>`): a bucket or folder no public host serves. */
  private: ObjectStore;
}

/** The stores the environment names: S3 buckets when S3_BUCKET is set, else folders in DATA_DIR. */
export function createObjectStoresFromEnv(settings: StorageSettings): ObjectStores {
  if (settings.STORAGE_DRIVER === 's3' && settings.S3_BUCKET) {
    const s3 = (bucket: string) =>
      createS3ObjectStore({
        bucket,
        endpoint: settings.S3_ENDPOINT,
        region: settings.S3_REGION,
        accessKeyId: settings.S3_ACCESS_KEY_ID,
        secretAccessKey: settings.S3_SECRET_ACCESS_KEY,
        forcePathStyle: settings.S3_FORCE_PATH_STYLE,
      });
    // parseEnv requires the private bucket whenever S3_BUCKET is set.
    return { public: s3(settings.S3_BUCKET), private: s3(settings.S3_PRIVATE_BUCKET!) };
  }
  return {
    public: createFsObjectStore(fsObjectStoreRoot(settings.DATA_DIR, 'public')),
    private: createFsObjectStore(fsObjectStoreRoot(settings.DATA_DIR, 'private')),
  };
}
