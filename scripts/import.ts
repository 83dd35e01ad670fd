/**
 * `npm run import -- <folder | s3://bucket/prefix> [--publish] [--rating general|sensitive]
 *  [--author name] [--concurrency n]`: brings a catalogue that exists before the showcase in, through
 * the same ingest as every upload (lib/curation/bulk-import.ts), with a progress bar and a summary:
 * imported, already there, refused with the reason for each. Idempotent by content hash: run it
 * again after a failure or `kill -9` and it makes only the rest. `s3://` reads the host app's bucket
 * with the IMPORT_S3_* settings (endpoint, region, credentials). With the embedded database it
 * refuses while `npm start` runs (PGlite allows one process); with DATABASE_URL both may run.
 */
import { parseArgs } from 'node:util';
import { createProgress } from '@/lib/cli/progress';
import { bucketEntries, bulkImport, folderEntries, type ImportOutcome } from '@/lib/curation/bulk-import';
import { findGeneration } from '@/lib/curation/generation-record';
import { DataDirLockedError } from '@/lib/db/data-dir-lock';
import { env } from '@/lib/env';
import { createAppServices } from '@/lib/server/app-services';
import { createS3ObjectStore } from '@/lib/storage/s3-object-store';

const usage =
  'Usage: npm run import -- <folder | s3://bucket/prefix> [--publish] [--rating general|sensitive] [--author name] [--concurrency n]';

function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

function parse() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        publish: { type: 'boolean', default: false },
        rating: { type: 'string', default: 'general' },
        author: { type: 'string', default: 'import' },
        concurrency: { type: 'string', default: String(env.TRANSFORM_CONCURRENCY) },
      },
    });
  } catch (error) {
    return fail(`${(error as Error).message}\n${usage}`);
  }
}

const { values, positionals } = parse();
const [from] = positionals;
if (!from || positionals.length > 1) fail(usage);
const rating = values.rating;
if (rating !== 'general' && rating !== 'sensitive') fail(`--rating is general or sensitive.\n${usage}`);
const concurrency = Number(values.concurrency);
if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16) fail('--concurrency is 1 to 16.');

function entriesOf(source: string) {
  const bucketUrl = /^s3:\/\/([^/]+)\/?(.*)$/.exec(source);
  if (!bucketUrl) return folderEntries(source);
  const bucket = createS3ObjectStore({
    bucket: bucketUrl[1]!,
    endpoint: env.IMPORT_S3_ENDPOINT,
    region: env.IMPORT_S3_REGION,
    accessKeyId: env.IMPORT_S3_ACCESS_KEY_ID,
    secretAccessKey: env.IMPORT_S3_SECRET_ACCESS_KEY,
    forcePathStyle: env.IMPORT_S3_FORCE_PATH_STYLE,
  });
  return bucketEntries(bucket, bucketUrl[2] ?? '');
}

/** Waits for the publish jobs this run queued (and any an interrupted run left), with a bar. */
async function waitForPublishes(): Promise<void> {
  const queue = await services.publishQueue();
  let left = (await queue.pending()).publish;
  if (left === 0) return;
  const progress = createProgress('Publishing', left);
  while (left > 0) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = (await queue.pending()).publish;
    if (now < left) progress.tick(left - now);
    left = now;
  }
  progress.finish();
}

// The app's own services, as the server builds them: no visitors here, so the pool has one slot
// more than the maker leaves free; no backfill; no server to tell about the feed head (its cached
// head expires within 10 s of the server's next start).
const services = createAppServices({
  transformPool: { concurrency: env.TRANSFORM_CONCURRENCY + 1, maxQueue: 64 },
  publishQueue: { backfillAtStart: false, work: values.publish },
  feedHeadChanged: () => undefined,
});
let exitCode = 0;
try {
  const entries = await entriesOf(from!).catch((error: unknown) =>
    fail(`Cannot list ${from}: ${(error as Error).message}`, 1),
  );
  if (entries.length === 0) fail(`No PNG, JPEG, WebP or AVIF files in ${from}.`, 1);
  const deps = { ...(await services.curation()), privateStore: services.stores.private };
  console.log(`${entries.length} images in ${from}${values.publish ? ', publishing each' : ''}.`);
  const progress = createProgress('Importing', entries.length);
  const outcomes: ImportOutcome[] = await bulkImport(deps, entries, {
    uploader: {
      curatorId: null,
      apiTokenId: null,
      defaultAuthor: values.author,
      status: 'draft',
      publishNext: false,
      by: 'cli:import',
    },
    publish: values.publish,
    rating,
    concurrency,
    onOutcome: () => progress.tick(),
  });
  progress.finish();
  if (values.publish) await waitForPublishes();

  const count = (result: ImportOutcome['result']) => outcomes.filter((outcome) => outcome.result === result);
  const refused = count('refused');
  console.log(
    `Imported ${count('imported').length}, already there ${count('already there').length}, refused ${refused.length}.`,
  );
  for (const outcome of refused) console.log(`  refused ${outcome.name}: ${outcome.reason}`);
  for (const outcome of outcomes) {
    if (outcome.notPublished) console.log(`  kept as a draft ${outcome.name}: ${outcome.notPublished}`);
  }
  if (values.publish) {
    const ids = outcomes.flatMap((outcome) => (outcome.generationId ? [outcome.generationId] : []));
    const states = await Promise.all(ids.map((id) => findGeneration(deps.db, id)));
    console.log(
      `Live: ${states.filter((generation) => generation?.status === 'public').length} of ${ids.length}.`,
    );
    for (const generation of states) {
      if (generation?.status === 'failed')
        console.log(`  publishing failed for ${generation.id}: ${generation.publishError}`);
    }
  }
} catch (error) {
  if (error instanceof DataDirLockedError)
    console.error(`${error.message}\nStop the server first, or use DATABASE_URL.`);
  else console.error(error instanceof Error ? error.message : error);
  exitCode = 1;
} finally {
  await services.stop();
  await (await services.database().catch(() => null))?.close();
}
process.exit(exitCode);
