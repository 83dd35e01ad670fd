/**
 * `npm run bench [-- --quick] [-- --images DIR] [-- --port N]`: the side-by-side report of what the feed costs
 * (issue 11, docs/benchmarks.md), on real photographs, every figure next to the same run's baseline:
 *   inputs     photographs (report/photographs.ts) made into distinct cards (report/derive-cards.ts),
 *              published through the real upload and publish code into .data-bench-report
 *   transform  /i/ against /_next/image, cold latency and warm throughput (report/transform-section.ts)
 *   api        `/` from the shared cache and per request (report/head-section.ts), then keyset
 *              against OFFSET in a 100k-row table (report/api-section.ts)
 *   feed       ours, naive and Next <Image> pages in Chromium, cold and warm (report/feed-section.ts),
 *              then ours through `npm run start:edge`, counted at the bucket (report/edge-section.ts)
 *   economics  the month those counters cost (report/economics.ts), with the display set stored
 *              at publish priced beside them (report/display-set-bytes.ts, display-set-coverage.ts)
 * and writes tests/bench/out/report.json and report.html, printing the one-screen summary.
 * Servers' own output goes to tests/bench/out/servers.log.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FEED_MAX_LIMIT } from '@/lib/feed/feed-types';
import type { FeedItem } from './next-baseline/app/feed-items';
import type { ChildProcess } from 'node:child_process';
import { startAppServer, stopServer, waitUntilUp } from './bench-server';
import { buildBaseline, startBaseline } from './next-baseline-server';
import { runApiSection } from './report/api-section';
import { deriveCards } from './report/derive-cards';
import { displaySetCoverage } from './report/display-set-coverage';
import { measureDisplaySetBytes } from './report/display-set-bytes';
import { economics, storedCounters } from './report/economics';
import { runEdgeSection } from './report/edge-section';
import { runFeedSection } from './report/feed-section';
import { measureFeedHead } from './report/head-section';
import { defaultCacheDir, ensurePhotographs, reportInputs } from './report/photographs';
import { publishPhotographs } from './report/publish-photographs';
import { createFsObjectStore } from '@/lib/storage/fs-object-store';
import { fsObjectStoreRoot } from '@/lib/storage/object-store-from-env';
import type { BenchReport } from './report/report-types';
import { defaultOutDir, writeReport } from './report/report-writer';
import { runTransformSection } from './report/transform-section';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    images: { type: 'string' },
    // The first of the ports the run listens on (Vitrine, the baseline, then the production layout's
    // app, bucket server, Worker and its inspector): move it off 3300 when 3300–3305 are in use.
    port: { type: 'string', default: '3300' },
  },
});
const quick = values.quick;
/** The quick run keeps every section and shrinks its inputs, to stay within 10 minutes on 2 cores. */
const plan = quick
  ? {
      cards: 120,
      screens: 10,
      transformSources: 8,
      widths: [640],
      warmSeconds: 4,
      headSeconds: 4,
      apiRows: 50_000,
      deepPage: 1000,
      displaySetSample: 4,
    }
  : {
      cards: 400,
      screens: 25,
      transformSources: 40,
      widths: [640, 1280],
      warmSeconds: 8,
      headSeconds: 8,
      apiRows: 100_000,
      deepPage: 2000,
      displaySetSample: 8,
    };
const PORT = Number(values.port);
if (!Number.isInteger(PORT) || PORT < 1024 || PORT > 65_530)
  throw new Error(`--port takes a port from 1024 to 65530, got ${values.port}`);
const BASELINE_PORT = PORT + 1;
const DATA_DIR = '.data-bench-report';
const base = `http://127.0.0.1:${PORT}`;
const baselineBase = `http://127.0.0.1:${BASELINE_PORT}`;

const startedAt = new Date();
const clock = () => {
  const seconds = Math.round((Date.now() - startedAt.getTime()) / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
};
const progress = (section: string) => (message: string) => console.log(`[${clock()}] ${section}: ${message}`);

function machine(): string {
  const cpus = os.cpus();
  const memory = (os.totalmem() / 1024 ** 3).toFixed(1);
  return `${cpus.length} cores, ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${memory} GB, ${os.type()} ${os.release()}, Node ${process.versions.node}`;
}

/** Every public card of the feed, in its order, walking the API's cursors. */
async function feedItems(): Promise<FeedItem[]> {
  const items: FeedItem[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&after=${encodeURIComponent(cursor)}` : '';
    const response = await fetch(`${base}/api/feed?limit=${FEED_MAX_LIMIT}${query}`);
    if (!response.ok) throw new Error(`/api/feed answered ${response.status}: ${await response.text()}`);
    const page = (await response.json()) as { items: FeedItem[]; nextCursor: string | null };
    for (const { id, src, width, height } of page.items) items.push({ id, src, width, height });
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** What produced the report, as typed: `npm run bench -- --quick --port 3500`. */
function benchCommand(): string {
  const args = [
    ...(quick ? ['--quick'] : []),
    ...(values.images ? [`--images ${values.images}`] : []),
    ...(values.port !== '3300' ? [`--port ${values.port}`] : []),
  ];
  return `npm run bench${args.length > 0 ? ` -- ${args.join(' ')}` : ''}`;
}

fs.mkdirSync(defaultOutDir, { recursive: true });
const serversLog = path.join(defaultOutDir, 'servers.log');
fs.writeFileSync(serversLog, '');
const accessLog = path.resolve(DATA_DIR, 'image-access.log');

const photographs = await ensurePhotographs({ dir: values.images, quick, onProgress: progress('inputs') });
const cards = await deriveCards({
  photographs: photographs.files,
  cards: plan.cards,
  cacheDir: path.join(path.dirname(defaultCacheDir()), 'cards'),
  onProgress: progress('inputs'),
});
fs.rmSync(DATA_DIR, { recursive: true, force: true });
await publishPhotographs({
  dataDir: DATA_DIR,
  photographs: cards,
  displaySetCacheDir: path.join(path.dirname(defaultCacheDir()), 'display-sets'),
  onProgress: progress('publish'),
});

let app: ChildProcess | undefined;
let baseline: ChildProcess | undefined;
/** Vitrine with an empty variant cache and a fresh access log; resolves once it answers. */
const startApp = async () => {
  fs.rmSync(accessLog, { force: true });
  app = startAppServer(PORT, {
    dataDir: DATA_DIR,
    demoCount: 0,
    logFile: serversLog,
    // One browser stands for many visitors here: the per-client miss budget would throttle it.
    env: { IMAGE_ACCESS_LOG: accessLog, IMAGE_MISS_BURST: '100000', IMAGE_MISSES_PER_SECOND: '10000' },
  });
  await waitUntilUp(`${base}/api/health`);
};
/** The baseline with an empty optimizer cache; resolves once it answers. */
const startNextBaseline = async () => {
  baseline = startBaseline(BASELINE_PORT, serversLog);
  await waitUntilUp(`${baselineBase}/naive`);
};
const stopAll = async () => {
  await Promise.all([app && stopServer(app), baseline && stopServer(baseline)]);
};
try {
  progress('servers')('starting Vitrine (builds on first use; output in tests/bench/out/servers.log)…');
  await startApp();
  const items = await feedItems();
  progress('servers')(`${items.length} cards in the feed; building the Next baseline…`);
  buildBaseline({ dataDir: DATA_DIR, items, logFile: serversLog });
  await startNextBaseline();

  const transform = await runTransformSection({
    oursBase: base,
    nextBase: baselineBase,
    srcs: items.slice(0, plan.transformSources).map((item) => item.src),
    widths: plan.widths,
    warmSeconds: plan.warmSeconds,
    connections: 64,
    onProgress: progress('transform'),
  });
  const head = await measureFeedHead(base, { connections: 32, seconds: plan.headSeconds });
  progress('api')(
    `/ ${head.sharedCacheRps} req/s from the shared cache, ${head.perRequestRps} rendered per request`,
  );

  const feed = await runFeedSection({
    urls: { ours: `${base}/`, naive: `${baselineBase}/naive`, nextImage: `${baselineBase}/next-image` },
    accessLog,
    cards: items.length,
    screens: plan.screens,
    restartCold: async () => {
      await stopAll();
      await Promise.all([startApp(), startNextBaseline()]);
    },
    onProgress: progress('feed'),
  });
  // The display set of each card, against what the sessions asked for and what it weighs.
  const feedCards = items.map((item) => ({ storagePath: item.src, width: item.width }));
  const { cold: oursCold, warm: oursWarm } = feed.oursSessions;
  const missesOf = (events: typeof oursCold.events) =>
    events.filter((event) => event.cache === 'miss').map((event) => event.pathname);
  const { outside, ...coverage } = displaySetCoverage({
    cards: feedCards,
    requested: [...oursCold.events, ...oursWarm.events].map((event) => event.pathname),
    misses: { cold: missesOf(oursCold.events), warm: missesOf(oursWarm.events) },
    seen: { cold: oursCold.seen, warm: oursWarm.seen },
  });
  if (outside.length > 0) progress('feed')(`outside every display set: ${outside.slice(0, 5).join(', ')}`);
  const displaySetMeasure = await measureDisplaySetBytes({
    cards: feedCards,
    publicStore: createFsObjectStore(fsObjectStoreRoot(DATA_DIR, 'public')),
    appBase: base,
    sample: plan.displaySetSample,
    onProgress: progress('economics'),
  });
  await stopAll();

  // The production layout on the report's own data (the app above must be stopped: one PGlite process).
  const edge = await runEdgeSection({
    sourceDataDir: DATA_DIR,
    dataDir: '.data-bench-edge',
    ports: { app: PORT + 2, bucket: PORT + 3, worker: PORT + 4 },
    screens: plan.screens,
    logFile: serversLog,
    onProgress: progress('feed'),
  }).catch((error: unknown) => {
    progress('feed')(`production layout not measured: ${error instanceof Error ? error.message : error}`);
    return undefined;
  });

  const paging = await runApiSection({
    postgresUrl: process.env.TEST_DATABASE_URL || undefined,
    rows: plan.apiRows,
    deepPage: plan.deepPage,
    onProgress: progress('api'),
  });
  const meanOriginalBytes = cards.reduce((sum, card) => sum + card.bytes, 0) / cards.length;
  const report: BenchReport = {
    machine: machine(),
    command: benchCommand(),
    startedAt: startedAt.toISOString(),
    inputs: {
      ...reportInputs(photographs),
      // Each photograph, then mirrored copies and 90–70 % crops of it: no two cards share bytes.
      cards: cards.length,
      meanCardBytes: Math.round(meanOriginalBytes),
    },
    feed: { ...feed.section, displaySet: coverage, ...(edge ? { edge } : {}) },
    transform,
    api: {
      backend: paging.backend,
      rows: paging.rows,
      deepPage: paging.deepPage,
      keyset: paging.keyset,
      offset: paging.offset,
      filtered: paging.filtered,
      head: {
        sharedCacheRps: head.sharedCacheRps,
        perRequestRps: head.perRequestRps,
        ratio: head.ratio,
        cacheControl: head.cacheControl,
      },
    },
    economics: economics({
      strategies: {
        ...feed.counters,
        oursOnHost: feed.counters.ours,
        stored: storedCounters(
          feed.counters.ours,
          { cold: coverage.outsideSetPerSeen, warm: coverage.outsideSetPerSeenWarm },
          edge?.bucketReadsPerSeen !== undefined && edge.warm?.bucketReadsPerSeen !== undefined
            ? { cold: edge.bucketReadsPerSeen, warm: edge.warm.bucketReadsPerSeen }
            : undefined,
        ),
      },
      meanOriginalBytes,
      displaySet: displaySetMeasure,
    }),
  };
  console.log(`\n${writeReport(report)}  (took ${clock()})`);
} finally {
  await stopAll();
}
