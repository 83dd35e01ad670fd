import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CdnPurger } from '@/lib/curation/cdn-purger';
import { type DatabaseHandle, openDatabase } from '@/lib/db/client';
import {
  type AppServices,
  type AppServicesOverrides,
  createAppServices,
  installAppServices,
} from '@/lib/server/app-services';
import { createFsObjectStore } from '@/lib/storage/fs-object-store';

export interface TestAppServices extends AppServices {
  handle: DatabaseHandle;
  dir: string;
  purged: string[];
  /** How often the first page's cache was dropped. */
  readonly feedHeadChanges: number;
  close(): Promise<void>;
}

export type TestAppServicesOptions = Pick<
  AppServicesOverrides,
  | 'database'
  | 'stores'
  | 'sourceReadTimeoutMs'
  | 'variantDir'
  | 'transformPool'
  | 'publishQueue'
  | 'tokenRateLimit'
  | 'imports'
>;

/**
 * The app's resources for route-level tests, built by the app's own `createAppServices` (so the
 * variant wiring, the secret and the effects are the ones `npm start` has) over: PGlite in memory,
 * fs stores, the secret file and the variant cache in a temporary folder, a CDN purger and effects
 * that record what they were asked. Installed as this process's services, so route handlers use
 * them. Fault tests put other stores or a database behind a fault proxy in their place.
 */
export async function installTestAppServices(options: TestAppServicesOptions = {}): Promise<TestAppServices> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-app-'));
  const handle = options.database ?? (await openDatabase({ kind: 'pglite' }));
  const purged: string[] = [];
  const cdn: CdnPurger = {
    purgeSource: async (storagePath) => {
      purged.push(storagePath);
      return 'purged';
    },
  };
  const pending: Promise<unknown>[] = [];
  let feedHeadChanges = 0;
  const services = createAppServices({
    ...options,
    database: handle,
    stores: options.stores ?? {
      public: createFsObjectStore(path.join(dir, 'storage')),
      private: createFsObjectStore(path.join(dir, 'private')),
    },
    cdn,
    dataDir: dir,
    // The queue runs in tests as in the server (no backfill at start: tests publish what they need),
    // with retries a test can wait for.
    publishQueue: options.publishQueue ?? {
      backfillAtStart: false,
      tuning: { retryDelaySeconds: 1, retryDelayMaxSeconds: 2, superviseSeconds: 1, pollingSeconds: 0.5 },
    },
    feedHeadChanged: () => {
      feedHeadChanges++;
    },
    background: (work) => {
      pending.push(work.catch(() => undefined));
    },
  });
  const test: TestAppServices = {
    ...services,
    handle,
    dir,
    purged,
    get feedHeadChanges() {
      return feedHeadChanges;
    },
    async close() {
      await Promise.all(pending);
      await services.stop();
      await handle.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  installAppServices(test);
  return test;
}
