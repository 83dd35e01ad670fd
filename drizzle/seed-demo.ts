import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { count, sql } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { generations, type NewGeneration } from '@/lib/db/schema';
import { uuidV7 } from '@/lib/db/uuid-v7';
import { demoGeneration } from './demo/demo-metadata';
import { renderDemoImage } from './demo/render-demo-image';
import { env } from '@/lib/env';
import { immutableCacheControl } from '@/lib/image-guard/headers';
import { analyzeImage, imageColumns } from '@/lib/ingest/analyze-image';
import type { ObjectStore } from '@/lib/storage/object-store';
import { createProgress } from '@/lib/cli/progress';

const SPREAD_MS = 180 * 24 * 3600 * 1000;
const RENDER_CONCURRENCY = 3;
const INSERT_BATCH = 25;

/** A timestamp `ago` ms before `now`, with microseconds, as Postgres prints it. */
function publishedAtFor(now: number, ago: number, micros: number): string {
  return `${new Date(now - ago).toISOString().slice(0, 23)}${String(micros % 1000).padStart(3, '0')}Z`;
}

async function renderAndStore(store: ObjectStore, demoSeed: number, now: number, total: number) {
  const generation = demoGeneration(demoSeed);
  const bytes = await renderDemoImage(generation);
  const analysis = await analyzeImage(bytes);
  const columns = imageColumns(analysis);
  await store.put(columns.storageKey, bytes, {
    contentType: analysis.contentType,
    cacheControl: immutableCacheControl,
  });
  const row: NewGeneration = {
    id: uuidV7(now - Math.floor((demoSeed * SPREAD_MS) / total)),
    status: 'public',
    ...columns,
    prompt: generation.prompt,
    negativePrompt: generation.negativePrompt ?? null,
    model: generation.model,
    seed: generation.seed,
    params: { ...generation.params, demoSeed },
    author: generation.author,
    publishedAt: publishedAtFor(now, Math.floor((demoSeed * SPREAD_MS) / total), demoSeed * 7919),
  };
  return row;
}

/** Runs `worker` over items with a fixed number in flight. */
async function forEachConcurrently<T>(items: T[], concurrency: number, worker: (item: T) => Promise<void>) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await worker(items[next++]!);
  });
  await Promise.all(lanes);
}

/**
 * Renders `count` demo generations (real images, hashed, blurhashed, stored under content-hash
 * keys in the public namespace) and publishes them with dates spread over six months. Demo seeds
 * already present are skipped, so an interrupted seed resumes instead of starting over.
 */
export async function seedDemoGenerations(db: Database, store: ObjectStore, total: number) {
  const present = await db
    .select({ demoSeed: sql<number>`(${generations.params}->>'demoSeed')::int` })
    .from(generations)
    .where(sql`${generations.params} ? 'demoSeed'`);
  const have = new Set(present.map((row) => row.demoSeed));
  const todo = Array.from({ length: total }, (_, i) => i).filter((i) => !have.has(i));
  if (todo.length === 0) return 0;

  const now = Date.now();
  const progress = createProgress('Creating demo images', todo.length);
  let pending: NewGeneration[] = [];
  const flush = async () => {
    const batch = pending;
    pending = [];
    if (batch.length > 0) await db.insert(generations).values(batch).onConflictDoNothing();
  };
  await forEachConcurrently(todo, RENDER_CONCURRENCY, async (demoSeed) => {
    // Awaited first: `pending.push(await …)` would read `pending` before the await and push into a
    // batch another lane has already inserted.
    const row = await renderAndStore(store, demoSeed, now, total);
    pending.push(row);
    if (pending.length >= INSERT_BATCH) await flush();
    progress.tick();
  });
  await flush();
  progress.finish();
  return todo.length;
}

/**
 * Called by `npm start`: fills an empty database with the demo gallery. A marker file records a
 * seed in progress, so a run interrupted half-way completes on the next start instead of leaving
 * a half-filled gallery that looks finished.
 */
export async function ensureDemoData(db: Database, store: ObjectStore, options: { count: number }) {
  const marker = path.join(env.DATA_DIR, 'demo-seed.incomplete');
  const [row] = await db.select({ n: count() }).from(generations);
  const interrupted = fs.existsSync(marker);
  if ((row?.n ?? 0) > 0 && !interrupted) return;
  if (options.count === 0) return;
  fs.mkdirSync(env.DATA_DIR, { recursive: true });
  fs.writeFileSync(marker, new Date().toISOString());
  console.log(`${interrupted ? 'Resuming' : 'First run:'} creating ${options.count} demo generations…`);
  await seedDemoGenerations(db, store, options.count);
  fs.rmSync(marker, { force: true });
}

/**
 * Scale data for `npm run seed -- --count N`: rows that reuse the images already stored (so 100k
 * rows cost seconds, not hours), marked synthetic so the upload dedupe index ignores them.
 */
export async function seedSyntheticGenerations(db: Database, store: ObjectStore, total: number) {
  const sources = await db
    .select({
      storageKey: generations.storageKey,
      sha256: generations.sha256,
      width: generations.width,
      height: generations.height,
      blurhash: generations.blurhash,
      format: generations.format,
      bytes: generations.bytes,
    })
    .from(generations)
    .where(sql`${generations.status} = 'public' and ${generations.synthetic} = false`)
    // A fixed order makes scale data (and so the browser suite's layout) the same on every run.
    .orderBy(generations.sha256)
    .limit(2000);
  if (sources.length === 0) {
    await seedDemoGenerations(db, store, Math.min(total, 120));
    return seedSyntheticGenerations(db, store, total);
  }
  const [oldest] = await db
    .select({ at: sql<string>`extract(epoch from min(${generations.publishedAt}))::float8 * 1000` })
    .from(generations);
  const start = Number(oldest?.at ?? Date.now());
  const progress = createProgress('Adding synthetic generations', total);
  const offset = 1_000_000 + Math.floor(Math.random() * 1_000_000_000);
  for (let done = 0; done < total; ) {
    const batch: NewGeneration[] = [];
    for (; batch.length < 1000 && done < total; done++) {
      const source = sources[done % sources.length]!;
      const meta = demoGeneration(offset + done);
      const ago = (done + 1) * 60_000;
      batch.push({
        ...source,
        id: uuidV7(start - ago),
        status: 'public',
        synthetic: true,
        prompt: meta.prompt,
        negativePrompt: meta.negativePrompt ?? null,
        model: meta.model,
        seed: meta.seed,
        params: meta.params,
        author: meta.author,
        publishedAt: publishedAtFor(start, ago, done),
      });
    }
    await db.insert(generations).values(batch);
    progress.tick(batch.length);
  }
  progress.finish();
}
