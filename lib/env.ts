import path from 'node:path';
import { z } from 'zod';
import { imageProviderNames } from './images/providers';

/**
 * The one reading of process.env (the create-t3-app pattern). Everything else imports `env`.
 * Nothing here is sent to the browser: the image delivery settings the client needs are passed
 * down from server components at runtime, so switching provider never needs a rebuild.
 */

const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
const optionalUrl = z.preprocess(emptyToUndefined, z.url().optional());
const booleanFlag = z.preprocess(
  (value) => (typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.toLowerCase()) : value),
  z.boolean(),
);

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    DATA_DIR: z.string().default('.data'),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    DATABASE_URL: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL (leave it unset for PGlite)')
        .optional(),
    ),
    /**
     * The site's public origin (https://vitrine.example): absolute URLs in page metadata (Open
     * Graph images, canonical links) are built from it, never from request headers.
     */
    PUBLIC_URL: optionalUrl,
    /** An access log of the app's `/i/`: one JSON line per answer (path, status, cache tier, timing). */
    IMAGE_ACCESS_LOG: optionalString,
    APP_SECRET: z.preprocess(
      emptyToUndefined,
      z.string().min(32, 'APP_SECRET must be at least 32 characters').optional(),
    ),
    /** The public bucket: published originals only (`g/…`), behind the image-guard Worker's origin. */
    S3_BUCKET: optionalString,
    /** The private bucket: every upload's original (drafts, unpublished); no public host may serve it. */
    S3_PRIVATE_BUCKET: optionalString,
    S3_ENDPOINT: optionalUrl,
    S3_REGION: z.string().default('auto'),
    S3_ACCESS_KEY_ID: optionalString,
    S3_SECRET_ACCESS_KEY: optionalString,
    S3_FORCE_PATH_STYLE: booleanFlag.default(false),
    IMAGE_DELIVERY_PROVIDER: z.preprocess(emptyToUndefined, z.enum(imageProviderNames).optional()),
    IMAGE_PROVIDER: z.preprocess(emptyToUndefined, z.enum(imageProviderNames).optional()),
    ASSET_BASE_URL: z.preprocess(emptyToUndefined, z.url().optional()),
    IMAGEKIT_URL_ENDPOINT: optionalUrl,
    DEMO_COUNT: z.coerce.number().int().min(0).max(100_000).default(1200),
    VARIANT_CACHE_MAX_MB: z.coerce.number().int().min(16).default(2048),
    TRANSFORM_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
    /** Warm the feed head's variants when the server starts (the benchmark turns it off to measure cold). */
    PREWARM_ON_START: booleanFlag.default(true),
    /**
     * Queue the display sets public rows lack (the demo seed, rows published before the publish
     * queue) when the server starts; they are made in the background, visitors first.
     */
    DISPLAY_SET_BACKFILL: booleanFlag.default(true),
    TRANSFORM_QUEUE_MAX: z.coerce.number().int().min(0).max(10_000).default(64),
    /** Largest upload accepted, whole request body included; beyond it 413 before the rest is read. */
    UPLOAD_MAX_MB: z.coerce.number().int().min(1).max(70).default(50),
    /** Bootstrap: with both set and no curator yet, `npm start` creates this account. */
    CURATOR_EMAIL: z.preprocess(
      emptyToUndefined,
      z.email('CURATOR_EMAIL must be an e-mail address').optional(),
    ),
    /** Also read by `npm run curator -- add|passwd` when stdin is not a terminal. */
    CURATOR_PASSWORD: optionalString,
    /**
     * Hosts a `sourceUrl` may reach over plain http or on a private address (comma-separated
     * `host[:port]`); every other loopback, private, link-local or metadata target is refused.
     */
    IMPORT_ALLOWED_HOSTS: optionalString,
    /** The host app's bucket `bucketKey` reads from, with its own endpoint and credentials. */
    IMPORT_S3_BUCKET: optionalString,
    IMPORT_S3_ENDPOINT: optionalUrl,
    IMPORT_S3_REGION: z.string().default('auto'),
    IMPORT_S3_ACCESS_KEY_ID: optionalString,
    IMPORT_S3_SECRET_ACCESS_KEY: optionalString,
    IMPORT_S3_FORCE_PATH_STYLE: booleanFlag.default(false),
    /** Requests one API token may make a minute (every instance counts together); beyond it 429. */
    API_TOKEN_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(600),
    /**
     * Behind a proxy or load balancer that sets X-Forwarded-For: take the client's address from it
     * (login throttling per IP). Off, the address is the TCP peer's.
     */
    TRUST_PROXY: booleanFlag.default(false),
    /**
     * Hosts whose pages may embed the app's `/i/` images (the Worker's setting of the same name);
     * PUBLIC_URL's host is always included. Unset: no Referer check.
     */
    ALLOWED_HOSTS: optionalString,
    /** `/i/` cache misses one client may cause: a burst, then this many a second (429 beyond). */
    IMAGE_MISS_BURST: z.coerce.number().int().min(1).max(100_000).default(120),
    IMAGE_MISSES_PER_SECOND: z.coerce.number().min(0.1).max(10_000).default(4),
    /** Cloudflare zone and API token (Cache Purge permission): unpublish and delete purge the CDN. */
    CLOUDFLARE_ZONE_ID: optionalString,
    CLOUDFLARE_API_TOKEN: optionalString,
    /** Where the public bucket's originals are served (its custom domain): purged by URL too. */
    ORIGINALS_BASE_URL: optionalUrl,
    /**
     * `npm run start:edge` only (scripts/start-edge.ts): the ports of its local bucket server
     * (s3rver) and of the image-guard Worker (wrangler dev); `PORT` is the app's.
     */
    S3_PORT: z.coerce.number().int().min(1).max(65535).default(9000),
    WORKER_PORT: z.coerce.number().int().min(1).max(65535).default(8787),
    /** `npm run start:edge` only: the bucket server appends one JSON line per request to this file. */
    BUCKET_ACCESS_LOG: optionalString,
  })
  .refine((raw) => !raw.S3_BUCKET || raw.S3_PRIVATE_BUCKET, {
    path: ['S3_PRIVATE_BUCKET'],
    message:
      'S3_PRIVATE_BUCKET is required with S3_BUCKET: drafts and unpublished originals must live in a bucket no public host serves',
  })
  .refine((raw) => !raw.S3_BUCKET || raw.S3_PRIVATE_BUCKET !== raw.S3_BUCKET, {
    path: ['S3_PRIVATE_BUCKET'],
    message: 'S3_PRIVATE_BUCKET must be another bucket than S3_BUCKET (whose originals are public)',
  })
  .refine((raw) => !(raw.NODE_ENV === 'production' && raw.DATABASE_URL && !raw.APP_SECRET), {
    path: ['APP_SECRET'],
    message:
      'APP_SECRET is required in production with DATABASE_URL: every instance must sign sessions and cursors with ' +
      'the same secret (generate one with `openssl rand -base64 48`)',
  })
  .refine((raw) => !raw.CLOUDFLARE_ZONE_ID === !raw.CLOUDFLARE_API_TOKEN, {
    path: ['CLOUDFLARE_API_TOKEN'],
    message: 'Set both CLOUDFLARE_ZONE_ID and CLOUDFLARE_API_TOKEN, or neither',
  })
  .transform((raw) => ({
    ...raw,
    DATA_DIR: path.resolve(raw.DATA_DIR),
    IMAGE_DELIVERY_PROVIDER: raw.IMAGE_DELIVERY_PROVIDER ?? raw.IMAGE_PROVIDER ?? 'cloudflare',
    ASSET_BASE_URL: (raw.ASSET_BASE_URL ?? '').replace(/\/+$/, ''),
    PUBLIC_URL: (raw.PUBLIC_URL ?? `http://localhost:${raw.PORT}`).replace(/\/+$/, ''),
    STORAGE_DRIVER: raw.S3_BUCKET ? ('s3' as const) : ('fs' as const),
    ORIGINALS_BASE_URL: raw.ORIGINALS_BASE_URL?.replace(/\/+$/, ''),
    /**
     * Secure, `__Host-` session cookies except under `next dev`. Browsers accept them from
     * http://localhost and http://127.0.0.1 too, so only a plain-http production host (which must not
     * be one) cannot log in.
     */
    SECURE_COOKIES: raw.NODE_ENV !== 'development',
  }));

export type Env = z.output<typeof schema>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(
      `Invalid environment configuration:\n${problems.join('\n')}\nSee the README's configuration table.`,
    );
  }
  return result.data;
}

export const env: Env = parseEnv(process.env);
