/**
 * `npm run bench:publish`: how long a publish takes to go live (publish → `public`, its display set
 * stored) for real 4K photographs, on an idle server and while the backfill of older rows runs, side
 * by side in one run. The app's own services (createAppServices: the one transform pool `/i/` uses,
 * TRANSFORM_CONCURRENCY slots, the publish queue on PGlite) in a temporary data directory; the
 * photographs are Debian's wallpapers (tests/bench/report/photographs.ts, cached outside the repo).
 *
 *   npm run bench:publish [-- --rounds 2]
 *
 * Target (ARCHITECTURE.md): ≤ 5 s p95 for a 4K photograph, also while a backfill runs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { eq, sql } from 'drizzle-orm';
import { addCurator } from '@/lib/auth/curators';
import { ingestUpload } from '@/lib/curation/ingest-upload';
import { publishGeneration } from '@/lib/curation/publishing';
import { uploaderOf } from '@/lib/curation/uploader';
import { openDatabase } from '@/lib/db/client';
import { generations } from '@/lib/db/schema';
import { formatContentTypes, type OutputFormat } from '@/lib/images/ladder';
import { immutableCacheControl } from '@/lib/image-guard/headers';
import { publicOriginal } from '@/lib/ingest/public-original';
import { createAppServices } from '@/lib/server/app-services';
import { createFsObjectStore } from '@/lib/storage/fs-object-store';
import { ensurePhotographs, type Photograph } from './report/photographs';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '1' } } });
const rounds = Math.max(1, Number(values.rounds));
const TARGET_MS = 5_000;
const log = (line: string) => console.error(`[publish-bench] ${line}`);

interface Scenario {
  name: string;
  backfill: boolean;
  /** How many 4K photographs are published at the same moment. */
  together: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

/** 4K (up to 3840×2400, 9.2 MP: what the target names) or larger (2560×3837 and the 4096² wallpapers, to 16.8 MP). */
type SizeClass = '4K' | 'larger';
const sizeClassOf = (photo: Photograph): SizeClass =>
  photo.width * photo.height <= 9_216_000 ? '4K' : 'larger';

interface Latency {
  size: SizeClass;
  ms: number;
}

async function runScenario(
  scenario: Scenario,
  toPublish: Photograph[],
  older: Photograph[],
): Promise<Latency[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-publish-bench-'));
  const handle = await openDatabase({ kind: 'pglite', dataDir: dir });
  const services = createAppServices({
    database: handle,
    dataDir: dir,
    stores: {
      public: createFsObjectStore(path.join(dir, 'storage')),
      private: createFsObjectStore(path.join(dir, 'private')),
    },
    feedHeadChanged: () => undefined,
    publishQueue: { backfillAtStart: false },
  });
  try {
    const { db } = handle;
    const curator = await addCurator(db, 'bench@vitrine.invalid', 'a bench password nobody uses');
    const uploader = uploaderOf({ kind: 'curator', ...curator });
    const ingest = async (photo: Photograph, i: number) => {
      const bytes = new Uint8Array(fs.readFileSync(photo.path));
      const fields = { prompt: `photograph ${i}`, model: 'Photograph', author: 'bench' };
      return (
        await ingestUpload(
          { db, privateStore: services.stores.private },
          { file: { bytes, filename: '', declaredType: '' }, fields },
          uploader,
        )
      ).generation;
    };
    if (scenario.backfill) {
      // Older rows, public before the queue existed (as the demo seed's are): no display set yet.
      for (const [i, photo] of older.entries()) {
        const row = await ingest(photo, 1000 + i);
        const bytes = new Uint8Array(fs.readFileSync(photo.path));
        const format = row.format as OutputFormat;
        await services.stores.public.put(row.src, await publicOriginal(bytes, format), {
          contentType: formatContentTypes[format],
          cacheControl: immutableCacheControl,
        });
        await db
          .update(generations)
          .set({ status: 'public', publishedAt: sql`now()` })
          .where(eq(generations.id, row.id));
      }
    }
    const deps = await services.curation();
    if (scenario.backfill) {
      const { missingDisplaySets } = await import('@/lib/curation/display-set-jobs');
      await deps.queue.enqueueBackfill(await missingDisplaySets(db));
      // Let the backfill get going: its first member is encoding when the publishes come.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      log(`${scenario.name}: backfill of ${older.length} older photographs running`);
    }
    // A running server has encoded before (its start prewarms the feed head): one unmeasured publish
    // first, so the first measured one does not carry the process's first encodes.
    const warmUp = await ingestUpload(
      { db, privateStore: services.stores.private },
      {
        file: {
          bytes: await sharp({ create: { width: 800, height: 600, channels: 3, background: '#345' } })
            .jpeg()
            .toBuffer(),
          filename: '',
          declaredType: '',
        },
        fields: { prompt: 'warm-up', model: 'Photograph', author: 'bench' },
      },
      uploader,
    );
    await publishGeneration(deps, warmUp.generation.id);
    await (await services.publishQueue()).drained(['publish'], 60_000);
    const drafts = [];
    for (const [i, photo] of toPublish.entries())
      drafts.push({ ...(await ingest(photo, i)), size: sizeClassOf(photo) });
    const latencies: Latency[] = [];
    for (let start = 0; start < drafts.length; start += scenario.together) {
      const batch = drafts.slice(start, start + scenario.together);
      const began = performance.now();
      await Promise.all(batch.map((draft) => publishGeneration(deps, draft.id)));
      await Promise.all(
        batch.map(async (draft) => {
          for (;;) {
            const [row] = await db
              .select({ status: generations.status, error: generations.publishError })
              .from(generations)
              .where(eq(generations.id, draft.id));
            if (row?.status === 'public')
              return void latencies.push({ size: draft.size, ms: performance.now() - began });
            if (row?.status === 'failed') throw new Error(`publish failed: ${row.error}`);
            await new Promise((resolve) => setTimeout(resolve, 25));
          }
        }),
      );
    }
    const pending = await (await services.publishQueue()).pending();
    log(
      `${scenario.name}: ${latencies.map(({ size, ms }) => `${(ms / 1000).toFixed(1)} (${size})`).join(', ')} s (backfill jobs left: ${pending.backfill})`,
    );
    return latencies;
  } finally {
    await services.stop();
    await handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const photographs = await ensurePhotographs({ quick: false, onProgress: log });
// Every photograph of at least 3600 px: the 4K ones the target names, and the 4096² ones beside them.
const toPublish = photographs.files.filter((photo) => Math.max(photo.width, photo.height) >= 3600);
const older = photographs.files.filter((photo) => !toPublish.includes(photo)).slice(0, 20);
log(
  `${toPublish.length} photographs to publish (${toPublish.map((p) => `${p.width}×${p.height}`).join(', ')}), ${older.length} older ones to backfill`,
);

const scenarios: Scenario[] = [
  { name: 'idle, one at a time', backfill: false, together: 1 },
  { name: 'backfill running, one at a time', backfill: true, together: 1 },
  { name: 'backfill running, three at once', backfill: true, together: 3 },
];
const results = new Map<string, Latency[]>();
for (let round = 0; round < rounds; round++) {
  for (const scenario of scenarios) {
    results.set(scenario.name, [
      ...(results.get(scenario.name) ?? []),
      ...(await runScenario(scenario, toPublish, older)),
    ]);
  }
}

const sortedOf = (scenario: Scenario, size: SizeClass) =>
  (results.get(scenario.name) ?? [])
    .filter((latency) => latency.size === size)
    .map((latency) => latency.ms)
    .sort((a, b) => a - b);
console.log(
  `Vitrine publish bench, ${new Date().toISOString()}, ${os.availableParallelism()} cores, Node ${process.version}`,
);
console.log(`command: npm run bench:publish${rounds > 1 ? ` -- --rounds ${rounds}` : ''}`);
console.log(
  'scenario                          size     n    p50 s   p95 s   max s   p95 ÷ idle   bound (p95 ≤ 5 s, 4K)',
);
for (const size of ['4K', 'larger'] as const) {
  const idleP95 = percentile(sortedOf(scenarios[0]!, size), 95);
  for (const scenario of scenarios) {
    const sorted = sortedOf(scenario, size);
    const p95 = percentile(sorted, 95);
    // The target is one 4K photograph's publish; three at once share the encoder.
    const judged = size === '4K' && scenario.together === 1;
    console.log(
      [
        scenario.name.padEnd(33),
        size.padEnd(6),
        String(sorted.length).padStart(3),
        (percentile(sorted, 50) / 1000).toFixed(2).padStart(8),
        (p95 / 1000).toFixed(2).padStart(7),
        ((sorted.at(-1) ?? Number.NaN) / 1000).toFixed(2).padStart(7),
        `${(p95 / idleP95).toFixed(2)}×`.padStart(12),
        judged ? (p95 <= TARGET_MS ? 'ok' : 'FAIL').padStart(12) : 'reported'.padStart(14),
      ].join(' '),
    );
  }
}
