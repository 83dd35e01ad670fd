import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Env } from '@/lib/env';

const mocked = vi.hoisted(() => ({ env: {} as Partial<Env> }));
vi.mock('@/lib/env', () => ({
  get env() {
    return mocked.env;
  },
}));

const { fsObjectStoreRoot, getObjectStore } = await import('./get-object-store');

const holder = globalThis as { __vitrineObjectStore?: unknown };

describe('getObjectStore', () => {
  const dirs: string[] = [];

  afterEach(async () => {
    holder.__vitrineObjectStore = undefined;
    await Promise.all(dirs.splice(0).map((dir) => fs.rm(dir, { recursive: true, force: true })));
  });

  it('uses the filesystem under DATA_DIR/storage when no bucket is configured, once', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vitrine-data-'));
    dirs.push(dataDir);
    mocked.env = { DATA_DIR: dataDir, STORAGE_DRIVER: 'fs' };
    const store = getObjectStore();
    expect(getObjectStore()).toBe(store);
    await store.put('drafts/a.jpg', new Uint8Array([1, 2, 3]), { contentType: 'image/jpeg' });
    expect(fsObjectStoreRoot(dataDir)).toBe(path.join(dataDir, 'storage'));
    expect(await fs.readFile(path.join(dataDir, 'storage', 'objects', 'drafts', 'a.jpg'))).toEqual(
      Buffer.from([1, 2, 3]),
    );
  });

  it('builds the S3 driver from the S3_* settings without contacting the bucket', () => {
    mocked.env = {
      DATA_DIR: '/unused',
      STORAGE_DRIVER: 's3',
      S3_BUCKET: 'vitrine',
      S3_ENDPOINT: 'https://account.r2.cloudflarestorage.com',
      S3_REGION: 'auto',
      S3_ACCESS_KEY_ID: 'id',
      S3_SECRET_ACCESS_KEY: 'secret',
      S3_FORCE_PATH_STYLE: false,
    };
    const store = getObjectStore();
    expect(typeof store.put).toBe('function');
  });

  it('refuses half a set of credentials with a message naming both variables', () => {
    mocked.env = {
      DATA_DIR: '/unused',
      STORAGE_DRIVER: 's3',
      S3_BUCKET: 'vitrine',
      S3_REGION: 'auto',
      S3_ACCESS_KEY_ID: 'id',
      S3_FORCE_PATH_STYLE: false,
    };
    expect(() => getObjectStore()).toThrow('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY');
  });
});
