/**
 * What `npm run start:edge` runs, derived from the environment (lib/env.ts): where each of its three
 * parts listens and what the app and the Worker are told about the others. Pure: the orchestration
 * lives in scripts/start-edge.ts, one file per part beside this one.
 */
import path from 'node:path';
import type { Env } from '@/lib/env';

/** s3rver accepts any signature made with these (and so does the app's S3 client). */
export const bucketServerCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface EdgeLayout {
  /** Where a visitor opens the app: PUBLIC_URL (http://localhost:PORT by default). */
  appUrl: string;
  /** The app's own address, for the readiness check. */
  appCheckUrl: string;
  /** The Worker's origin: the app's ASSET_BASE_URL. Another host than the app's: a second origin. */
  workerUrl: string;
  bucketEndpoint: string;
  publicBucket: string;
  privateBucket: string;
  /** The Worker's ORIGIN_BASE_URL: the public bucket over plain HTTP, path style. */
  originBaseUrl: string;
  /** The Worker's hotlink list: the app's host, unless ALLOWED_HOSTS names others. */
  allowedHosts: string;
  bucketDir: string;
  workerStateDir: string;
  accessLog?: string;
  /** Settings given to scripts/start.ts on top of the caller's environment. */
  appEnv: Record<string, string>;
}

export function edgeLayout(env: Env): EdgeLayout {
  const bucketEndpoint = `http://127.0.0.1:${env.S3_PORT}`;
  const workerUrl = `http://127.0.0.1:${env.WORKER_PORT}`;
  const publicBucket = env.S3_BUCKET ?? 'vitrine-public';
  const privateBucket = env.S3_PRIVATE_BUCKET ?? 'vitrine-private';
  return {
    appUrl: env.PUBLIC_URL,
    appCheckUrl: `http://127.0.0.1:${env.PORT}/api/feed?limit=1`,
    workerUrl,
    bucketEndpoint,
    publicBucket,
    privateBucket,
    originBaseUrl: `${bucketEndpoint}/${publicBucket}`,
    allowedHosts: env.ALLOWED_HOSTS ?? new URL(env.PUBLIC_URL).hostname,
    bucketDir: path.join(env.DATA_DIR, 's3'),
    workerStateDir: path.join(env.DATA_DIR, 'wrangler'),
    accessLog: env.BUCKET_ACCESS_LOG ? path.resolve(env.BUCKET_ACCESS_LOG) : undefined,
    appEnv: {
      S3_BUCKET: publicBucket,
      S3_PRIVATE_BUCKET: privateBucket,
      S3_ENDPOINT: bucketEndpoint,
      S3_REGION: 'auto',
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: bucketServerCredentials.accessKeyId,
      S3_SECRET_ACCESS_KEY: bucketServerCredentials.secretAccessKey,
      IMAGE_DELIVERY_PROVIDER: 'cloudflare',
      ASSET_BASE_URL: workerUrl,
      // Visitors' images come from the Worker, not from the app's own /i/: warming the app's variant
      // cache at boot would only read every feed-head original from the bucket for nothing.
      PREWARM_ON_START: 'false',
    },
  };
}
