import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CdnPurger } from '@/lib/curation/cdn-purger';
import { type DatabaseHandle, openDatabase } from '@/lib/db/client';
import { type AppServices, installAppServices } from '@/lib/server/app-services';
import { createFsObjectStore } from '@/lib/storage/fs-object-store';
import type { ObjectStores } from '@/lib/storage/object-store-from-env';
import { sourceLimits } from '@/lib/images/source-limits';
import { readObject } from '@/lib/storage/read-object';
import { createTransformPool } from '@/lib/transform/transform-pool';
import { createVariantCache } from '@/lib/transform/variant-cache';
import { createVariantService } from '@/lib/transform/variant-service';

export interface TestAppServices extends AppServices {
  handle: DatabaseHandle;
  dir: string;
  purged: string[];
  /** How often the first page's cache was dropped. */
  feedHeadChanges: number;
  close(): Promise<void>;
}

export interface TestAppServicesOptions {
  /** Default: PGlite in memory. */
  database?: DatabaseHandle;
  /** Default: fs stores in the temporary folder. */
  stores?: ObjectStores;
  /** How long a source read may stall (the app: 10 s). */
  sourceReadTimeoutMs?: number;
  /** Where variants are cached. Default: `variants` in the temporary folder. */
  variantDir?: string;
}

/**
 * The app's resources for route-level tests: real PGlite (in memory), real fs stores and variant
 * cache in a temporary folder, a CDN purger that records what it was asked, installed as this
 * process's services so route handlers use them. Fault tests put other stores or a database behind
 * a fault proxy in their place.
 */
export async function installTestAppServices(options: TestAppServicesOptions = {}): Promise<TestAppServices> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-app-'));
  const handle = options.database ?? (await openDatabase({ kind: 'pglite' }));
  const stores = options.stores ?? {
    public: createFsObjectStore(path.join(dir, 'storage')),
    private: createFsObjectStore(path.join(dir, 'private')),
  };
  const pool = createTransformPool({ concurrency: 2, maxQueue: 16 });
  const purged: string[] = [];
  const cdn: CdnPurger = {
    purgeSource: async (storagePath) => {
      purged.push(storagePath);
      return 'purged';
    },
  };
  const pending: Promise<unknown>[] = [];
  const services: TestAppServices = {
    handle,
    dir,
    purged,
    feedHeadChanges: 0,
    feedHeadChanged() {
      services.feedHeadChanges++;
    },
    background(work) {
      pending.push(work.catch(() => undefined));
    },
    database: async () => handle,
    stores,
    pool,
    cdn,
    imageGuard: {},
    variants: createVariantService({
      async loadSource(storagePath) {
        const object = await stores.public.get(storagePath);
        const limits = { maxBytes: sourceLimits.maxBytes, timeoutMs: options.sourceReadTimeoutMs ?? 10_000 };
        return object ? readObject(object, limits) : null;
      },
      cache: createVariantCache({
        dir: options.variantDir ?? path.join(dir, 'variants'),
        maxBytes: 64 * 1024 * 1024,
      }),
      pool,
    }),
    async close() {
      await Promise.all(pending);
      await handle.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  installAppServices(services);
  return services;
}
