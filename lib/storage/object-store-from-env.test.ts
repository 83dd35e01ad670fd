import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createObjectStoresFromEnv, fsObjectStoreRoot } from './object-store-from-env';

describe('createObjectStoresFromEnv', () => {
  const dirs: string[] = [];

  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => fs.rm(dir, { recursive: true, force: true })));
  });

  it('uses two folders of DATA_DIR when no bucket is configured: storage/ (public) and private/', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vitrine-data-'));
    dirs.push(dataDir);
    const stores = createObjectStoresFromEnv({
      DATA_DIR: dataDir,
      STORAGE_DRIVER: 'fs',
      S3_REGION: 'auto',
      S3_FORCE_PATH_STYLE: false,
    });
    await stores.public.put('g/a.jpg', new Uint8Array([1, 2, 3]), { contentType: 'image/jpeg' });
    await stores.private.put('originals/a.jpg', new Uint8Array([4, 5]), { contentType: 'image/jpeg' });
    expect(fsObjectStoreRoot(dataDir)).toBe(path.join(dataDir, 'storage'));
    expect(await fs.readFile(path.join(dataDir, 'storage', 'objects', 'g', 'a.jpg'))).toEqual(
      Buffer.from([1, 2, 3]),
    );
    expect(await fs.readFile(path.join(dataDir, 'private', 'objects', 'originals', 'a.jpg'))).toEqual(
      Buffer.from([4, 5]),
    );
    expect(await stores.public.head('originals/a.jpg')).toBeNull();
  });

  it('builds the S3 driver from the S3_* settings without contacting the bucket', () => {
    const stores = createObjectStoresFromEnv({
      DATA_DIR: '/unused',
      STORAGE_DRIVER: 's3',
      S3_BUCKET: 'vitrine',
      S3_PRIVATE_BUCKET: 'vitrine-private',
      S3_ENDPOINT: 'https://account.r2.cloudflarestorage.com',
      S3_REGION: 'auto',
      S3_ACCESS_KEY_ID: 'id',
      S3_SECRET_ACCESS_KEY: 'secret',
      S3_FORCE_PATH_STYLE: false,
    });
    expect(typeof stores.public.put).toBe('function');
    expect(stores.private).not.toBe(stores.public);
  });

  it('refuses half a set of credentials with a message naming both variables', () => {
    expect(() =>
      createObjectStoresFromEnv({
        DATA_DIR: '/unused',
        STORAGE_DRIVER: 's3',
        S3_BUCKET: 'vitrine',
        S3_PRIVATE_BUCKET: 'vitrine-private',
        S3_REGION: 'auto',
        S3_ACCESS_KEY_ID: 'id',
        S3_FORCE_PATH_STYLE: false,
      }),
    ).toThrow('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY');
  });
});
