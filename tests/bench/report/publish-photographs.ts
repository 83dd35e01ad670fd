/**
 * Puts the benchmark's photographs into a Vitrine data directory the way a curator would: each file
 * through the real upload ingest (checks, hash, blurhash, private original) and the real publish
 * (metadata-free public copy under `g/`, then the publish queue's job storing the display set and
 * making the row public), against the directory's own PGlite and filesystem stores, so the server
 * started on it afterwards serves exactly what production would. With `displaySetCacheDir`, members
 * an earlier run made are copied in before each publish and new ones kept (bench-display-sets.ts).
 * Run it before that server starts: PGlite allows one process per data directory.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { count, sql } from 'drizzle-orm';
import { seedSyntheticGenerations } from '@/drizzle/seed-demo';
import { addCurator, findCurator } from '@/lib/auth/curators';
import { uploaderOf } from '@/lib/curation/uploader';
import { ingestUpload } from '@/lib/curation/ingest-upload';
import { publishGeneration, type PublishingDeps } from '@/lib/curation/publishing';
import { createPublishQueue } from '@/lib/server/publish-queue';
import { readObject, sourceReadLimits } from '@/lib/storage/read-object';
import { createTransformPool } from '@/lib/transform/transform-pool';
import { type Database, openDatabase } from '@/lib/db/client';
import { generations } from '@/lib/db/schema';
import { createFsObjectStore } from '@/lib/storage/fs-object-store';
import { fsObjectStoreRoot, type ObjectStores } from '@/lib/storage/object-store-from-env';
import { type BenchDisplaySetsResult, keepDisplaySets, primeDisplaySets } from './bench-display-sets';
import type { Photograph } from './photographs';

export interface PublishPhotographsOptions {
  /** The DATA_DIR the benchmark's server will run on (created when missing). */
  dataDir: string;
  photographs: readonly Photograph[];
  /**
   * Cards the feed should hold: past the photographs, scale rows that reuse their images (the
   * seed's `--count` rows) fill up to this many, so 40 photographs make a 400-card feed.
   */
  cards?: number;
  /** Postgres instead of the directory's PGlite (the server must then get the same DATABASE_URL). */
  databaseUrl?: string;
  /** Make each card's display set, keeping what was encoded in this fs object store for the next run. */
  displaySetCacheDir?: string;
  onProgress?: (message: string) => void;
}

export interface PublishedPhotographs {
  /** Published by this call. */
  published: number;
  /** Already public from an earlier call (same bytes): left as they were. */
  alreadyPublic: number;
  /** Public rows in the feed afterwards. */
  cards: number;
  /** What making the display sets took, when asked to. */
  displaySets?: BenchDisplaySetsResult;
}

const BENCH_CURATOR = 'bench@vitrine.invalid';

/** The publish path's collaborators a server has and a seeding process does not need. */
const noVariants = {
  // Nothing is prewarmed: the benchmark measures a cold variant cache on purpose.
  purge: async () => {},
  sourcePublished: () => {},
};

async function benchCurator(db: Database) {
  const existing = await findCurator(db, BENCH_CURATOR);
  // Nobody logs in as it: the password is random and forgotten.
  return existing ?? addCurator(db, BENCH_CURATOR, randomBytes(24).toString('base64url'));
}

async function publicRows(db: Database): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(generations)
    .where(sql`${generations.status} = 'public'`);
  return row?.n ?? 0;
}

export async function publishPhotographs(options: PublishPhotographsOptions): Promise<PublishedPhotographs> {
  const log = options.onProgress ?? (() => {});
  fs.mkdirSync(options.dataDir, { recursive: true });
  const handle = await openDatabase(
    options.databaseUrl
      ? { kind: 'postgres', url: options.databaseUrl }
      : { kind: 'pglite', dataDir: options.dataDir },
  );
  // The layout the server reads (lib/storage/object-store-from-env.ts): storage/ public, private/ not.
  const stores: ObjectStores = {
    public: createFsObjectStore(fsObjectStoreRoot(options.dataDir, 'public')),
    private: createFsObjectStore(fsObjectStoreRoot(options.dataDir, 'private')),
  };
  try {
    const { db } = handle;
    const curator = await benchCurator(db);
    // Outside the app's process there is no cached head to drop: the app's own expires within 10 s.
    const effects = {
      feedHeadChanged: () => undefined,
      background: (work: Promise<unknown>) => void work.catch(() => undefined),
    };
    // The publish queue runs here, as in the server: each photograph's display set is made before it is public.
    const queue = createPublishQueue({
      handle,
      jobDeps: {
        db,
        stores,
        maker: {
          store: stores.public,
          pool: createTransformPool(),
          loadSource: async (key) => {
            const object = await stores.public.get(key);
            return object ? readObject(object, sourceReadLimits) : null;
          },
        },
        variants: noVariants,
        effects,
      },
      log: log,
    });
    await queue.start();
    const deps: PublishingDeps = {
      db,
      stores,
      variants: noVariants,
      cdn: { purgeSource: async () => 'not-configured' },
      effects,
      queue,
    };
    let published = 0;
    let alreadyPublic = 0;
    const sources: { storagePath: string; width: number }[] = [];
    const cache = options.displaySetCacheDir
      ? { publicStore: stores.public, cacheStore: createFsObjectStore(options.displaySetCacheDir) }
      : null;
    let primed = 0;
    for (const [index, photo] of options.photographs.entries()) {
      const name = path.basename(photo.path);
      const upload = {
        file: { bytes: new Uint8Array(fs.readFileSync(photo.path)), filename: name, declaredType: '' },
        fields: {
          prompt: `Photograph ${index + 1}, ${photo.width}×${photo.height}, ${name}`,
          model: 'Photograph',
          author: 'bench',
        },
      };
      const { generation } = await ingestUpload(
        { db, privateStore: stores.private },
        upload,
        uploaderOf({ kind: 'curator', ...curator }),
      );
      const source = { storagePath: generation.src, width: generation.width };
      sources.push(source);
      if (generation.status === 'public') alreadyPublic++;
      else {
        // What an earlier run made is stored before the publish; its job encodes only the rest.
        if (cache) primed += await primeDisplaySets({ ...cache, sources: [source] });
        await publishGeneration(deps, generation.id);
        published++;
      }
      const done = index + 1;
      if (done % 20 === 0 || done === options.photographs.length) {
        log(`published ${done}/${options.photographs.length}`);
      }
    }
    await queue.drained(['publish'], 30 * 60_000);
    await queue.stop();
    const displaySets = cache ? await keepDisplaySets({ ...cache, sources }, primed) : undefined;
    let cards = await publicRows(db);
    const wanted = options.cards ?? 0;
    if (wanted > cards && options.photographs.length > 0) {
      log(`adding ${wanted - cards} cards that reuse the photographs…`);
      await seedSyntheticGenerations(db, stores.public, wanted - cards);
      cards = await publicRows(db);
    }
    return { published, alreadyPublic, cards, ...(displaySets ? { displaySets } : {}) };
  } finally {
    await handle.close();
  }
}
