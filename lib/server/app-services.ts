import 'server-only';
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { revalidatePath } from 'next/cache';
import type { DatabaseHandle } from '@/lib/db/client';
import { openAppDatabase } from '@/lib/db/open-app-database';
import { env } from '@/lib/env';
import { FEED_HEAD_ROUTE } from '@/lib/feed/feed-head';
import { setDatabaseProbe } from './database-health';
import { createObjectStoresFromEnv, type ObjectStores } from '@/lib/storage/object-store-from-env';
import { parseAllowedHosts } from '@/lib/image-guard/hotlink';
import { readObject } from '@/lib/storage/read-object';
import { sourceLimits } from '@/lib/images/source-limits';
import { createMissLimiter } from '@/lib/transform/miss-limiter';
import type { ImageGuardOptions } from '@/lib/transform/serve-image';
import { type CdnPurger, createCdnPurgerFromEnv } from '@/lib/curation/cdn-purger';
import { createTransformPool, type TransformPool } from '@/lib/transform/transform-pool';
import { createVariantCache } from '@/lib/transform/variant-cache';
import { createVariantService, type VariantService } from '@/lib/transform/variant-service';

/** The server's stateful resources. Each exists once per process: see `appServices`. */
export interface AppServices {
  /** Postgres (DATABASE_URL) or PGlite in DATA_DIR, opened on first use: never at import or build time. */
  database(): Promise<DatabaseHandle>;
  /** The public store (published originals) and the private one (every upload's original). */
  stores: ObjectStores;
  /** `/i/`'s variants: one transform pool, one in-memory tier, one index over DATA_DIR/variants. */
  variants: VariantService;
  /** The pool variants are encoded in; draft previews for curators share it. */
  pool: TransformPool;
  /** Drops every variant of a source at the CDN (a no-op without Cloudflare credentials). */
  cdn: CdnPurger;
  /** How `/i/` guards itself: IMAGE_ACCESS_LOG, ALLOWED_HOSTS, TRUST_PROXY. */
  imageGuard: ImageGuardOptions;
  /** The feed's first page changed (a publish, an unpublish…): drop the cached one. */
  feedHeadChanged(): void;
  /** Work a request starts and does not wait for (prewarming a published item's variants). */
  background(work: Promise<unknown>): void;
}

/** A source read that stalls is abandoned: a transform slot is never held by a silent origin. */
const SOURCE_READ_TIMEOUT_MS = 10_000;

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

/** Builds the resources the environment describes. Nothing touches the disk or the network here. */
export function createAppServices(): AppServices {
  let opening: Promise<DatabaseHandle> | undefined;
  const database = () => {
    opening ??= openAppDatabase().catch((error: unknown) => {
      opening = undefined;
      throw error;
    });
    return opening;
  };
  const stores = createObjectStoresFromEnv(env);
  const pool = createTransformPool({
    concurrency: env.TRANSFORM_CONCURRENCY,
    maxQueue: env.TRANSFORM_QUEUE_MAX,
  });
  return {
    database,
    stores,
    pool,
    cdn: createCdnPurgerFromEnv(env),
    variants: createVariantService({
      async loadSource(storagePath) {
        const object = await stores.public.get(storagePath);
        return object
          ? readObject(object, { maxBytes: sourceLimits.maxBytes, timeoutMs: SOURCE_READ_TIMEOUT_MS })
          : null;
      },
      cache: createVariantCache({
        dir: path.join(env.DATA_DIR, 'variants'),
        maxBytes: env.VARIANT_CACHE_MAX_MB * 1024 * 1024,
      }),
      pool,
      limiter: createMissLimiter({
        burst: env.IMAGE_MISS_BURST,
        perSecond: env.IMAGE_MISSES_PER_SECOND,
        maxClients: 10_000,
      }),
    }),
    imageGuard: imageGuardFromEnv(),
    // Next's cache of the first page; only callable inside a request.
    // Every edition: the plain feed's and each search's.
    feedHeadChanged: () => revalidatePath(FEED_HEAD_ROUTE, 'page'),
    background: (work) => void work.catch((error: unknown) => console.warn('[background]', error)),
  };
}

const registryKey = Symbol.for('vitrine.app-services');
type Registry = { [registryKey]?: AppServices };

/**
 * The process's one set of resources, created on first use. Next evaluates a module once per bundle
 * layer (pages, route handlers and instrumentation are compiled separately; docs/foundation.md), so
 * a module-level singleton would open PGlite, fill a variant index and size a pool once per layer.
 * This registry keeps it on `globalThis`, under a `Symbol.for` key every layer resolves to the same
 * property; every resource is reached through it (the database health and the /i/ handoff are the
 * only other such keys: docs/foundation.md).
 */
export function appServices(): AppServices {
  const registry = globalThis as Registry;
  if (!registry[registryKey]) installAppServices(createAppServices());
  return registry[registryKey]!;
}

/**
 * Makes `services` this process's resources, for a host that builds its own (the API tests do: an
 * in-memory database and temporary folders). Must run before anything calls `appServices()`.
 */
export function installAppServices(services: AppServices): void {
  (globalThis as Registry)[registryKey] = services;
  // While the database is reported unreachable (lib/server/database-health.ts), this tells when it is back.
  setDatabaseProbe(async () => {
    const { db } = await services.database();
    await db.execute(sql`select 1`);
  });
}
