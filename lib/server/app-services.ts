import 'server-only';
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { revalidatePath } from 'next/cache';
import type { DatabaseHandle } from '@/lib/db/client';
import { openAppDatabase } from '@/lib/db/open-app-database';
import { env } from '@/lib/env';
import { FEED_HEAD_PATH } from '@/lib/feed/feed-head';
import { createObjectStoresFromEnv, type ObjectStores } from '@/lib/storage/object-store-from-env';
import type { ImageRequestObserver } from '@/lib/transform/serve-image';
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
  /** IMAGE_ACCESS_LOG: one JSON line per `/i/` answer. */
  imageAccessLog?: ImageRequestObserver;
  /** The feed's first page changed (a publish, an unpublish…): drop the cached one. */
  feedHeadChanged(): void;
  /** Work a request starts and does not wait for (prewarming a published item's variants). */
  background(work: Promise<unknown>): void;
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Builds the resources the environment describes. Nothing touches the disk or the network here. */
export function createAppServices(): AppServices {
  let opening: Promise<DatabaseHandle> | undefined;
  const stores = createObjectStoresFromEnv(env);
  const pool = createTransformPool({
    concurrency: env.TRANSFORM_CONCURRENCY,
    maxQueue: env.TRANSFORM_QUEUE_MAX,
  });
  const logFile = env.IMAGE_ACCESS_LOG;
  return {
    database() {
      opening ??= openAppDatabase().catch((error: unknown) => {
        opening = undefined;
        throw error;
      });
      return opening;
    },
    stores,
    pool,
    cdn: createCdnPurgerFromEnv(env),
    variants: createVariantService({
      async loadSource(storagePath) {
        const object = await stores.public.get(storagePath);
        return object ? readAll(object.body) : null;
      },
      cache: createVariantCache({
        dir: path.join(env.DATA_DIR, 'variants'),
        maxBytes: env.VARIANT_CACHE_MAX_MB * 1024 * 1024,
      }),
      pool,
    }),
    // Next's cache of the first page; only callable inside a request.
    feedHeadChanged: () => revalidatePath(FEED_HEAD_PATH),
    background: (work) => void work.catch((error: unknown) => console.warn('[background]', error)),
    // Synchronous, so lines are in answer order and a write that fails is seen where it fails.
    ...(logFile ? { imageAccessLog: (event) => appendFileSync(logFile, `${JSON.stringify(event)}\n`) } : {}),
  };
}

const registryKey = Symbol.for('vitrine.app-services');
type Registry = { [registryKey]?: AppServices };

/**
 * The process's one set of resources, created on first use. Next evaluates a module once per bundle
 * layer (pages, route handlers and instrumentation are compiled separately; docs/foundation.md), so
 * a module-level singleton would open PGlite, fill a variant index and size a pool once per layer.
 * This registry is the one place that keeps process state on `globalThis`, under a `Symbol.for` key
 * every layer resolves to the same property; everything stateful is reached through it.
 */
export function appServices(): AppServices {
  const registry = globalThis as Registry;
  registry[registryKey] ??= createAppServices();
  return registry[registryKey];
}

/**
 * Makes `services` this process's resources, for a host that builds its own (the API tests do: an
 * in-memory database and temporary folders). Must run before anything calls `appServices()`.
 */
export function installAppServices(services: AppServices): void {
  (globalThis as Registry)[registryKey] = services;
}
