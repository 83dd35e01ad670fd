import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEnv } from './env';

describe('parseEnv', () => {
  it('gives the embedded default everything it needs from an empty environment', () => {
    expect(parseEnv({})).toEqual({
      NODE_ENV: 'development',
      DATA_DIR: path.resolve('.data'),
      PORT: 3000,
      S3_REGION: 'auto',
      S3_FORCE_PATH_STYLE: false,
      DEMO_COUNT: 1200,
      VARIANT_CACHE_MAX_MB: 2048,
      TRANSFORM_CONCURRENCY: 2,
      TRANSFORM_QUEUE_MAX: 64,
      PREWARM_ON_START: true,
      DISPLAY_SET_BACKFILL: true,
      IMAGE_DELIVERY_PROVIDER: 'cloudflare',
      ASSET_BASE_URL: '',
      PUBLIC_URL: 'http://localhost:3000',
      STORAGE_DRIVER: 'fs',
      UPLOAD_MAX_MB: 50,
      IMAGE_MISS_BURST: 120,
      IMAGE_MISSES_PER_SECOND: 4,
      API_TOKEN_REQUESTS_PER_MINUTE: 600,
      IMPORT_S3_REGION: 'auto',
      IMPORT_S3_FORCE_PATH_STYLE: false,
      TRUST_PROXY: false,
      ORIGINALS_BASE_URL: undefined,
      S3_PORT: 9000,
      WORKER_PORT: 8787,
      SECURE_COOKIES: false,
    });
  });

  it.each([
    [{ IMAGE_PROVIDER: 'imagekit' }, { IMAGE_DELIVERY_PROVIDER: 'imagekit' }],
    [
      { IMAGE_PROVIDER: 'imagekit', IMAGE_DELIVERY_PROVIDER: 'origin' },
      { IMAGE_DELIVERY_PROVIDER: 'origin' },
    ],
    [{ ASSET_BASE_URL: 'https://assets.example.com//' }, { ASSET_BASE_URL: 'https://assets.example.com' }],
    [{ PORT: '8080' }, { PORT: 8080, PUBLIC_URL: 'http://localhost:8080' }],
    [
      { S3_PORT: '9400', WORKER_PORT: '8400', BUCKET_ACCESS_LOG: 'bucket.log' },
      { S3_PORT: 9400, WORKER_PORT: 8400, BUCKET_ACCESS_LOG: 'bucket.log' },
    ],
    [{ PUBLIC_URL: 'https://vitrine.example/' }, { PUBLIC_URL: 'https://vitrine.example' }],
    [
      { S3_BUCKET: 'vitrine', S3_PRIVATE_BUCKET: 'vitrine-private' },
      { STORAGE_DRIVER: 's3', S3_BUCKET: 'vitrine', S3_PRIVATE_BUCKET: 'vitrine-private' },
    ],
    [{ NODE_ENV: 'production' }, { SECURE_COOKIES: true }],
    [{ NODE_ENV: 'test' }, { SECURE_COOKIES: true }],
    [{ CURATOR_EMAIL: 'ada@example.com', CURATOR_PASSWORD: 'x' }, { CURATOR_EMAIL: 'ada@example.com' }],
    [
      { S3_FORCE_PATH_STYLE: 'yes', PREWARM_ON_START: 'off' },
      { S3_FORCE_PATH_STYLE: true, PREWARM_ON_START: false },
    ],
    [{ DATABASE_URL: '', APP_SECRET: '' }, {}],
    [{ DATA_DIR: '/srv/vitrine' }, { DATA_DIR: '/srv/vitrine' }],
    [
      { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/vitrine', APP_SECRET: 'x'.repeat(32) },
      { DATABASE_URL: 'postgres://db/vitrine' },
    ],
    // One instance on the embedded default keeps its generated secret in DATA_DIR.
    [{ NODE_ENV: 'production' }, { NODE_ENV: 'production', STORAGE_DRIVER: 'fs' }],
    [
      { ALLOWED_HOSTS: 'vitrine.example, www.vitrine.example' },
      { ALLOWED_HOSTS: 'vitrine.example, www.vitrine.example' },
    ],
  ])('%j', (source, expected) => {
    expect(parseEnv(source)).toMatchObject(expected);
  });

  it.each([
    [{ PORT: '0' }, 'PORT'],
    [{ PORT: 'http' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must be a postgres:// URL'],
    [{ APP_SECRET: 'short' }, 'APP_SECRET must be at least 32 characters'],
    [{ IMAGE_DELIVERY_PROVIDER: 'cloudinary' }, 'IMAGE_DELIVERY_PROVIDER'],
    [{ ASSET_BASE_URL: 'not a url' }, 'ASSET_BASE_URL'],
    [{ TRANSFORM_CONCURRENCY: '0' }, 'TRANSFORM_CONCURRENCY'],
    [{ VARIANT_CACHE_MAX_MB: '1' }, 'VARIANT_CACHE_MAX_MB'],
    [{ S3_BUCKET: 'vitrine' }, 'S3_PRIVATE_BUCKET is required with S3_BUCKET'],
    [{ S3_BUCKET: 'vitrine', S3_PRIVATE_BUCKET: 'vitrine' }, 'S3_PRIVATE_BUCKET must be another bucket'],
    [{ CLOUDFLARE_ZONE_ID: 'z' }, 'Set both CLOUDFLARE_ZONE_ID and CLOUDFLARE_API_TOKEN'],
    [{ CURATOR_EMAIL: 'not-an-email' }, 'CURATOR_EMAIL must be an e-mail address'],
    [{ UPLOAD_MAX_MB: '100' }, 'UPLOAD_MAX_MB'],
    [
      { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/vitrine' },
      'APP_SECRET is required in production',
    ],
    [{ IMAGE_MISS_BURST: '0' }, 'IMAGE_MISS_BURST'],
  ])('refuses %j, naming %s', (source, named) => {
    expect(() => parseEnv(source)).toThrow(named);
    expect(() => parseEnv(source)).toThrow("See the README's configuration table.");
  });
});
