import 'server-only';
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { type AppSecret, createAppSecret } from '@/lib/auth/app-secret';
import type { TokenRateLimit } from '@/lib/auth/api-tokens';
import type { LoginDeps } from '@/lib/auth/login';
import { createPasswordVerifier, type PasswordVerifier } from '@/lib/auth/passwords';
import type { CurationEffects } from '@/lib/curation/curation-effects';
import type { ImportSources } from '@/lib/curation/generation-request';
import type { PublishingDeps } from '@/lib/curation/publishing';
import type { DatabaseHandle } from '@/lib/db/client';
import { openAppDatabase } from '@/lib/db/open-app-database';
import { env } from '@/lib/env';
import type { FeedDeps } from '@/lib/feed/get-feed-page';
import { setDatabaseProbe } from './database-health';
import { createFeedHeadRefresher } from './feed-head-refresh';
import { createPublishQueue, type PublishQueue, type PublishQueueTuning } from './publish-queue';
import { parseImportAllowedHosts } from '@/lib/ingest/fetch-source';
import {
  createImportBucketFromEnv,
  createObjectStoresFromEnv,
  type ObjectStores,
} from '@/lib/storage/object-store-from-env';
import { parseAllowedHosts } from '@/lib/image-guard/hotlink';
import { readObject, sourceReadLimits } from '@/lib/storage/read-object';
import { createMissLimiter } from '@/lib/transform/miss-limiter';
import type { ImageGuardOptions } from '@/lib/transform/serve-image';
import { type CdnPurger, createCdnPurgerFromEnv } from '@/lib/curation/cdn-purger';
import { createTransformPool, type TransformPool } from '@/lib/transform/transform-pool';
import { createStoredVariantLoader, storedVariantReadLimits } from '@/lib/transform/stored-variants';
import { createVariantCache } from '@/lib/transform/variant-cache';
import { createVariantService, type VariantService } from '@/lib/transform/variant-service';

/**
 * The server's stateful resources, and the shapes the domain functions take them in. Each exists
 * once per process (see `appServices`); routes and pages reach them through `appServices()` only, and
 * hand them to `lib/` functions as arguments.
 */
export interface AppServices {
  /** Postgres (DATABASE_URL) or PGlite in DATA_DIR, opened on first use: never at import or build time. */
  database(): Promise<DatabaseHandle>;
  /** The public store (published originals) and the private one (every upload's original). */
  readonly stores: ObjectStores;
  /** `/i/`'s variants: one transform pool, one in-memory tier, one index over DATA_DIR/variants. */
  readonly variants: VariantService;
  /** The pool variants are encoded in; draft previews for curators share it. */
  readonly pool: TransformPool;
  /** Drops every variant of a source at the CDN (a no-op without Cloudflare credentials). */
  readonly cdn: CdnPurger;
  /** How `/i/` guards itself: IMAGE_ACCESS_LOG, ALLOWED_HOSTS, TRUST_PROXY. */
  readonly imageGuard: ImageGuardOptions;
  /** APP_SECRET, or the one kept in DATA_DIR/app-secret, read on first use. */
  readonly secret: AppSecret;
  /** Login's password check, with its decoy hash for unknown accounts. */
  readonly passwords: PasswordVerifier;
  /** How many requests one API token may make (API_TOKEN_REQUESTS_PER_MINUTE a minute). */
  readonly tokenRateLimit: TokenRateLimit;
  /** Where `sourceUrl` and `bucketKey` generations come from (IMPORT_ALLOWED_HOSTS, IMPORT_S3_*). */
  readonly imports: ImportSources;
  /** What curation actions set off: the feed head's cache dropped, work left running. */
  readonly effects: CurationEffects;
  /** The feed's pages (lib/feed/get-feed-page.ts): the database and the cursor key. */
  feed(): Promise<FeedDeps>;
  /**
   * The durable queue that makes display sets (pg-boss in the app's database), started with its
   * workers on first use; the server starts it at once (lib/server/start-server-work.ts).
   */
  publishQueue(): Promise<PublishQueue>;
  /** Every curation action (publish, unpublish, delete, edit, preview), effects included. */
  curation(): Promise<PublishingDeps & { pool: TransformPool }>;
  /** Logging in (lib/auth/login.ts). */
  login(): Promise<LoginDeps>;
  /** Stops what these services started and left running (the publish queue), before the database closes. */
  stop(): Promise<void>;
}

/**
 * What a host that is not `npm start` (the API and fault tests) puts in place of what the environment
 * describes. Everything left out is built exactly as the app builds it.
 */
export interface AppServicesOverrides {
  /** An open database instead of DATABASE_URL / PGlite in DATA_DIR. */
  database?: DatabaseHandle;
  stores?: ObjectStores;
  cdn?: CdnPurger;
  /** Where the app secret file and the variant cache live. Default DATA_DIR. */
  dataDir?: string;
  /** Where variants are cached. Default `variants` in `dataDir`. */
  variantDir?: string;
  /** How long a source read may stall before it is abandoned. Default 10 s. */
  sourceReadTimeoutMs?: number;
  /** Default TRANSFORM_CONCURRENCY, TRANSFORM_QUEUE_MAX. */
  transformPool?: { concurrency: number; maxQueue: number };
  /**
   * Default: `revalidatePath` of every feed head edition, inside a request or, from background
   * work, through the server's own refresh route (lib/server/feed-head-refresh.ts).
   */
  feedHeadChanged?: () => void;
  /** Default: workers on, DISPLAY_SET_BACKFILL, the queue's default tuning. */
  publishQueue?: { work?: boolean; backfillAtStart?: boolean; tuning?: Partial<PublishQueueTuning> };
  /** Default: API_TOKEN_REQUESTS_PER_MINUTE a minute. */
  tokenRateLimit?: TokenRateLimit;
  /** Default: IMPORT_ALLOWED_HOSTS and the IMPORT_S3_* bucket. */
  imports?: ImportSources;
  /** Default: runs it, logging a failure. */
  background?: (work: Promise<unknown>) => void;
}

function imageGuardFromEnv(): ImageGuardOptions {
  const logFile = env.IMAGE_ACCESS_LOG;
  return {
    // ALLOWED_HOSTS unset: no Referer check (the app's own pages are its only embedder by default).
    allowedHosts: env.ALLOWED_HOSTS
      ? [...parseAllowedHosts(env.ALLOWED_HOSTS), new URL(env.PUBLIC_URL).hostname]
      : null,
    trustProxy: env.TRUST_PROXY,
    // Synchronous, so lines are in answer order and a write that fails is seen where it fails.
    ...(logFile ? { observe: (event) => appendFileSync(logFile, `${JSON.stringify(event)}\n`) } : {}),
  };
}

function lazyDatabase(open: () => Promise<DatabaseHandle>): () => Promise<DatabaseHandle> {
  let opening: Promise<DatabaseHandle> | undefined;
  return () => {
    opening ??= open().catch((error: unknown) => {
      opening = undefined;
      throw error;
    });
    return opening;
  };
}

/**
 * Builds the resources the environment describes, with `overrides` in place of some. Nothing
 * touches the disk or the network here: the database opens and the secret is read on first use.
 */
export function createAppServices(overrides: AppServicesOverrides = {}): AppServices {
  const given = overrides.database;
  const database = given ? async () => given : lazyDatabase(openAppDatabase);
  const dataDir = overrides.dataDir ?? env.DATA_DIR;
  const stores = overrides.stores ?? createObjectStoresFromEnv(env);
  const pool = createTransformPool(
    overrides.transformPool ?? { concurrency: env.TRANSFORM_CONCURRENCY, maxQueue: env.TRANSFORM_QUEUE_MAX },
  );
  // A source read that stalls is abandoned: a transform slot is never held by a silent origin.
  const readLimits = {
    ...sourceReadLimits,
    timeoutMs: overrides.sourceReadTimeoutMs ?? sourceReadLimits.timeoutMs,
  };
  async function loadSource(storagePath: string): Promise<Uint8Array | null> {
    const object = await stores.public.get(storagePath);
    return object ? readObject(object, readLimits) : null;
  }
  const variants = createVariantService({
    loadSource,
    // The display set made at publish: read before any transform (docs/image-delivery.md).
    loadStored: createStoredVariantLoader(stores.public, {
      ...storedVariantReadLimits,
      timeoutMs: readLimits.timeoutMs,
    }),
    cache: createVariantCache({
      dir: overrides.variantDir ?? path.join(dataDir, 'variants'),
      maxBytes: env.VARIANT_CACHE_MAX_MB * 1024 * 1024,
    }),
    pool,
    limiter: createMissLimiter({
      burst: env.IMAGE_MISS_BURST,
      perSecond: env.IMAGE_MISSES_PER_SECOND,
      maxClients: 10_000,
    }),
  });
  const cdn = overrides.cdn ?? createCdnPurgerFromEnv(env);
  const secret = createAppSecret({ appSecret: env.APP_SECRET, dataDir });
  const passwords = createPasswordVerifier();
  const effects: CurationEffects = {
    // Next's cache of the first page, every edition: the plain feed's and each search's.
    feedHeadChanged: overrides.feedHeadChanged ?? createFeedHeadRefresher({ secret, port: env.PORT }),
    background:
      overrides.background ??
      ((work) => void work.catch((error: unknown) => console.warn('[background]', error))),
  };
  const queueOptions = overrides.publishQueue ?? {};
  let queueStarting: Promise<PublishQueue> | undefined;
  const publishQueue = () => {
    queueStarting ??= (async () => {
      const handle = await database();
      const queue = createPublishQueue({
        handle,
        // Display sets are encoded in the pool `/i/` uses, as background work: visitors first
        // (lib/transform/display-set-maker.ts).
        jobDeps:
          queueOptions.work === false
            ? null
            : {
                db: handle.db,
                stores,
                maker: { store: stores.public, pool, loadSource },
                variants,
                effects,
              },
        backfillAtStart: queueOptions.backfillAtStart ?? env.DISPLAY_SET_BACKFILL,
        ...(queueOptions.tuning ? { tuning: queueOptions.tuning } : {}),
      });
      await queue.start();
      return queue;
    })().catch((error: unknown) => {
      queueStarting = undefined;
      throw error;
    });
    return queueStarting;
  };
  return {
    database,
    publishQueue,
    stores,
    pool,
    cdn,
    variants,
    imageGuard: imageGuardFromEnv(),
    secret,
    passwords,
    tokenRateLimit: overrides.tokenRateLimit ?? {
      requests: env.API_TOKEN_REQUESTS_PER_MINUTE,
      windowMs: 60_000,
    },
    imports: overrides.imports ?? {
      // Bytes are bounded per request by UPLOAD_MAX_MB (lib/curation/generation-request.ts).
      fetch: {
        allowedHosts: parseImportAllowedHosts(env.IMPORT_ALLOWED_HOSTS),
        timeoutMs: 60_000,
        maxRedirects: 3,
      },
      bucket: createImportBucketFromEnv(env),
    },
    effects,
    feed: async () => ({ db: (await database()).db, secret }),
    curation: async () => ({
      db: (await database()).db,
      stores,
      variants,
      cdn,
      pool,
      effects,
      queue: await publishQueue(),
    }),
    login: async () => ({ db: (await database()).db, passwords }),
    async stop() {
      const starting = queueStarting;
      queueStarting = undefined;
      await (await starting?.catch(() => null))?.stop();
    },
  };
}

const registryKey = Symbol.for('vitrine.app-services');
type Registry = { [registryKey]?: AppServices };

/**
 * The process's one set of resources, created on first use: the one door routes, pages and the
 * server's own work (lib/server/start-server-work.ts) reach them through. Next evaluates a module
 * once per bundle layer (pages, route handlers and instrumentation are compiled separately;
 * docs/foundation.md), so a module-level singleton would open PGlite, fill a variant index and size
 * a pool once per layer. This registry keeps it on `globalThis`, under a `Symbol.for` key every
 * layer resolves to the same property (the database health and the /i/ handoff are the only other
 * such keys: docs/foundation.md).
 */
export function appServices(): AppServices {
  const registry = globalThis as Registry;
  if (!registry[registryKey]) installAppServices(createAppServices());
  return registry[registryKey]!;
}

/**
 * Makes `services` this process's resources, for a host that builds its own (the API tests do:
 * `createAppServices` over an in-memory database and temporary folders). Must run before anything
 * calls `appServices()`.
 */
export function installAppServices(services: AppServices): void {
  (globalThis as Registry)[registryKey] = services;
  // While the database is reported unreachable (lib/server/database-health.ts), this tells when it is back.
  setDatabaseProbe(async () => {
    const { db } = await services.database();
    await db.execute(sql`select 1`);
  });
}
