/**
 * `npm run load`: proves Vitrine sheds load instead of falling over. Not a benchmark (the numbers
 * are printed; only the feed head's are compared, with a floor) and not a timed test: it passes when
 * every bound below holds, and exits with 1 otherwise. On the production server (`npm start`, port
 * 3350, data in .data-load):
 *   1. feed API, 64 keep-alive connections on the head page alone: every answer 200, at least
 *      FEED_HEAD_MIN_RPS answers a second and p99 under FEED_HEAD_MAX_P99_MS (the floor that catches
 *      a slower feed query: docs/security.md, Load); then over the head and deeper pages: every answer 200;
 *   2. warm /i/ (the app's own URLs for the first items, cached first), 64 connections: every answer 200;
 *   3. cold storm, 64 connections of never-seen variants: only 200, 503 + Retry-After or 429, no
 *      socket error, the server's RSS (whole process tree) under 1.5 GB, and a visitor's feed request
 *      every 100 ms still answered 200 with p99 under 2 s.
 * Flags: --quick (short phases), --seconds N (see load-flags.ts).
 */
import type { ChildProcess } from 'node:child_process';
import { buildImageUrl } from '@/lib/images/providers';
import { ladderWidthsFor } from '@/lib/images/ladder';
import { startAppServer } from '../bench/bench-server';
import { coldRequests } from './cold-requests';
import { startFeedProbe } from './feed-probe';
import { walkFeed } from './feed-pages';
import { formatMs, summarizeLatencies } from './latency';
import { parseLoadFlags } from './load-flags';
import { countOf, formatCounts, type LoadResult, runLoad } from './load-runner';
import { describeTree, type RssSampler, sampleTreeRss, toMB, treeResidentBytes } from './process-tree';
import { stopServer, waitForServer } from './server-lifecycle';
import { type Bound, type PhaseRow, printBounds, printPhases } from './summary';
import { warmImages } from './warm-images';

/** Outside the ports other suites use (3100-3110 tests, 3300-3349 benchmarks). */
const PORT = 3350;
const DATA_DIR = '.data-load';
const DEMO_COUNT = 240;
const CONNECTIONS = 64;
const FEED_LIMIT = 24;
const RSS_LIMIT_BYTES = 1.5 * 1024 ** 3;
const RSS_SAMPLE_MS = 250;
const PROBE_EVERY_MS = 100;
const PROBE_TIMEOUT_MS = 5000;
const PROBE_P99_LIMIT_MS = 2000;
/**
 * The head page at 64 connections on 2 cores: 374 answers a second, p99 238 ms when healthy; 127-134
 * a second, p99 4.1-4.5 s in the regression of issue 18 (docs/security.md, Load). The floor is about
 * half the healthy figures, 1.5× the regressed throughput and a third of its p99: a CI machine busy
 * with other work still passes, the regression does not.
 */
const FEED_HEAD_MIN_RPS = 200;
const FEED_HEAD_MAX_P99_MS = 1500;
/** The first run builds the app and renders the demo images: minutes on 2 cores. */
const BOOT_TIMEOUT_MS = 20 * 60_000;
const STOP_GRACE_MS = 15_000;
/** The first screens' worth of the feed, at the rungs a 1440 px wide window's rows ask for. */
const WARM_ITEMS = 24;
const WARM_WIDTHS: readonly number[] = [320, 640, 960];
const WARM_TIMEOUT_MS = 180_000;
/** What Chromium sends for an <img>. */
const BROWSER_ACCEPT = 'image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8';

const flags = (() => {
  try {
    return parseLoadFlags(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  }
})();
const base = `http://127.0.0.1:${PORT}`;
const seconds = flags.seconds;

async function run(server: ChildProcess, startRss: (pid: number) => RssSampler): Promise<boolean> {
  console.log(`Starting the production server on ${base} (data: ${DATA_DIR}, ${DEMO_COUNT} demo items)…`);
  await waitForServer(server, `${base}/api/health`, BOOT_TIMEOUT_MS);
  const rss = startRss(server.pid!);
  const idleRss = await treeResidentBytes(server.pid!);
  const processes = (await describeTree(server.pid!)).map(
    ({ pid, bytes, command }) =>
      `${pid} ${command.replace(/^.*?(\S+\.ts).*$/, '$1')} ${toMB(bytes).toFixed(0)} MB`,
  );
  console.log(`Server up; its process tree holds ${toMB(idleRss).toFixed(0)} MB (${processes.join(', ')}).`);

  const feed = await walkFeed(base, FEED_LIMIT, Math.ceil(DEMO_COUNT / FEED_LIMIT));
  const sources = feed.items.map((item) => item.src);
  console.log(`Walked the feed: ${feed.items.length} items on ${feed.pageUrls.length} pages.`);
  const phases: PhaseRow[] = [];
  const phase = async (name: string, load: () => Promise<LoadResult>) => {
    rss.resetPeak();
    const result = await load();
    phases.push({ name, result, peakRssMB: toMB(rss.peak()) });
    return result;
  };

  // 1. The feed API, head and deeper pages in turn. Two seconds of warm-up first (JIT, the head's
  // first render), whose answers are held to the same bound.
  let page = 0;
  const nextPage = () => ({ url: feed.pageUrls[page++ % feed.pageUrls.length]! });
  const feedWarmUp = await runLoad({ label: 'feed warm-up', connections: 8, seconds: 2, next: nextPage });
  const headUrl = feed.pageUrls[0]!;
  console.log(`\nfeed API head: ${CONNECTIONS} connections for ${seconds} s on ${headUrl}`);
  const headResult = await phase('feed API head', () =>
    runLoad({ label: 'feed head', connections: CONNECTIONS, seconds, next: () => ({ url: headUrl }) }),
  );
  const headLatency = summarizeLatencies(headResult.latencies);
  console.log(`\nfeed API: ${CONNECTIONS} connections for ${seconds} s over ${feed.pageUrls.length} pages`);
  const feedResult = await phase('feed API', () =>
    runLoad({ label: 'feed', connections: CONNECTIONS, seconds, next: nextPage }),
  );

  // 2. Warm /i/: the URLs the app's srcset names for the first items, each made once, then hammered.
  const delivery = { provider: 'cloudflare', assetBaseUrl: base } as const;
  const warmUrls = feed.items.slice(0, WARM_ITEMS).flatMap((item) =>
    ladderWidthsFor(item.width)
      .filter((width) => WARM_WIDTHS.includes(width))
      .map((width) => buildImageUrl(delivery, item.src, width, item.width)),
  );
  console.log(`\nWarming ${warmUrls.length} variants (${WARM_ITEMS} items × ${WARM_WIDTHS.join('/')} px)…`);
  const warming = await warmImages(warmUrls, {
    accept: BROWSER_ACCEPT,
    concurrency: 2,
    timeoutMs: WARM_TIMEOUT_MS,
  });
  console.log(`Warmed in ${warming.seconds.toFixed(1)} s (${warming.retries} refusals waited out).`);
  let warmIndex = 0;
  console.log(`\nwarm /i/: ${CONNECTIONS} connections for ${seconds} s`);
  const warmResult = await phase('warm /i/', () =>
    runLoad({
      label: 'warm /i/',
      connections: CONNECTIONS,
      seconds,
      next: () => ({ url: warmUrls[warmIndex++ % warmUrls.length]!, headers: { accept: BROWSER_ACCEPT } }),
    }),
  );

  // 3. The cold storm, with a visitor's feed requests running through it.
  const cold = coldRequests(base, sources);
  const probe = startFeedProbe(`${base}/api/feed?limit=${FEED_LIMIT}`, PROBE_EVERY_MS, PROBE_TIMEOUT_MS);
  let probeResult: Awaited<ReturnType<typeof probe.stop>>;
  let stormResult: LoadResult;
  console.log(
    `\ncold storm: ${flags.stormConnections} connections for ${seconds} s, a feed probe every ${PROBE_EVERY_MS} ms`,
  );
  try {
    stormResult = await phase('cold storm', () =>
      runLoad({
        label: 'storm',
        connections: flags.stormConnections,
        seconds,
        next: cold.next,
        progress: () => `RSS ${toMB(rss.last()).toFixed(0)} MB (peak ${toMB(rss.peak()).toFixed(0)})`,
      }),
    );
  } finally {
    probeResult = await probe.stop();
  }
  const stormPeak = rss.peak();
  const afterStorm = await fetch(`${base}/api/feed?limit=${FEED_LIMIT}`, {
    signal: AbortSignal.timeout(10_000),
  })
    .then((response) => response.status)
    .catch((error: unknown) => String(error));

  // Summary.
  const probeLatency = summarizeLatencies(probeResult.latencies);
  const probeFailures = countOf(probeResult.failures);
  const all = [feedWarmUp, headResult, feedResult, warmResult, stormResult];
  const tooMany = all.reduce((sum, result) => sum + (result.statuses.get(429) ?? 0), 0);
  // "Every answer was X" must not hold vacuously: a phase with no answers at all fails.
  const only = (result: LoadResult, allowed: readonly number[]) =>
    result.statuses.size > 0 && [...result.statuses.keys()].every((status) => allowed.includes(status));
  const socketErrors = (result: LoadResult) => countOf(result.errors);
  const bounds: Bound[] = [
    {
      name: 'feed API: every answer 200',
      ok:
        only(feedWarmUp, [200]) &&
        only(headResult, [200]) &&
        only(feedResult, [200]) &&
        socketErrors(feedResult) + socketErrors(headResult) + socketErrors(feedWarmUp) === 0,
      measured:
        `head ${formatCounts(headResult.statuses)}; pages ${formatCounts(feedResult.statuses)}; ` +
        `warm-up ${formatCounts(feedWarmUp.statuses)}; ` +
        `socket errors ${socketErrors(feedResult) + socketErrors(headResult) + socketErrors(feedWarmUp)}`,
    },
    {
      name: `feed API head: at least ${FEED_HEAD_MIN_RPS} answers/s at ${CONNECTIONS} connections`,
      ok: headResult.rps >= FEED_HEAD_MIN_RPS,
      measured: `${headResult.rps.toFixed(0)}/s`,
    },
    {
      name: `feed API head: p99 under ${FEED_HEAD_MAX_P99_MS} ms`,
      ok: headLatency.p99 < FEED_HEAD_MAX_P99_MS,
      measured: `p99 ${formatMs(headLatency.p99)} ms (p50 ${formatMs(headLatency.p50)} ms)`,
    },
    {
      name: 'warm /i/: every answer 200',
      ok: only(warmResult, [200]) && socketErrors(warmResult) === 0,
      measured: `${formatCounts(warmResult.statuses)}; socket errors ${socketErrors(warmResult)}`,
    },
    {
      name: 'storm: only 200, 503 or 429',
      ok: only(stormResult, [200, 503, 429]),
      measured: formatCounts(stormResult.statuses),
    },
    {
      name: 'storm: every 503/429 carries Retry-After',
      ok: stormResult.refusalsWithoutRetryAfter === 0,
      measured: `${stormResult.refusalsWithoutRetryAfter} without`,
    },
    {
      name: 'storm: no socket errors',
      ok: socketErrors(stormResult) === 0,
      measured: formatCounts(stormResult.errors),
    },
    {
      name: `storm: server RSS under ${toMB(RSS_LIMIT_BYTES).toFixed(0)} MB`,
      ok: stormPeak > 0 && stormPeak < RSS_LIMIT_BYTES,
      measured: `peak ${toMB(stormPeak).toFixed(0)} MB (sampled every ${RSS_SAMPLE_MS} ms)`,
    },
    {
      name: 'probe during storm: zero failures',
      ok: probeFailures === 0,
      measured: `${probeFailures} of ${probeResult.sent}${probeFailures ? ` (${formatCounts(probeResult.failures)})` : ''}`,
    },
    {
      name: `probe during storm: p99 under ${PROBE_P99_LIMIT_MS} ms`,
      ok: probeLatency.p99 < PROBE_P99_LIMIT_MS,
      measured: `p99 ${formatMs(probeLatency.p99)} ms`,
    },
    {
      name: 'server still answers the feed after the storm',
      ok: afterStorm === 200,
      measured: String(afterStorm),
    },
  ];

  console.log(
    `\n=== Vitrine under load: ${seconds} s phases, ${CONNECTIONS} connections ` +
      `(storm ${flags.stormConnections}), ${feed.items.length} items ===`,
  );
  printPhases(phases);
  console.log(
    `\nfeed probe during the storm (every ${PROBE_EVERY_MS} ms): ${probeResult.sent} sent, ` +
      `p50 ${formatMs(probeLatency.p50)} ms, p99 ${formatMs(probeLatency.p99)} ms, max ${formatMs(probeLatency.max)} ms, ` +
      `failures ${probeFailures ? formatCounts(probeResult.failures) : 'none'}; slowest sent at ` +
      probeResult.slowest
        .map(({ sentAt, ms }) => `+${(sentAt / 1000).toFixed(1)} s (${formatMs(ms)} ms)`)
        .join(', '),
  );
  console.log(
    `load generator's own event-loop delay in the storm: p99 ${formatMs(stormResult.generatorLag.p99)} ms, ` +
      `max ${formatMs(stormResult.generatorLag.max)} ms (high values inflate every latency above)`,
  );
  const stormAnswers = countOf(stormResult.statuses);
  console.log(
    `storm: ${cold.issued()} distinct variants asked of ${cold.capacity} possible` +
      `${cold.issued() > cold.capacity ? ' (ran out: later requests repeated earlier variants)' : ''}; ` +
      `shed ${(((stormResult.statuses.get(503) ?? 0) / Math.max(1, stormAnswers)) * 100).toFixed(1)} % with 503, ` +
      `made ${((stormResult.statuses.get(200) ?? 0) / stormResult.elapsedSeconds).toFixed(1)} variants/s`,
  );
  if (!stormResult.statuses.has(503)) {
    console.log(
      `storm: nothing was shed — ${flags.stormConnections} connections fit in the transform pool's slots + queue, ` +
        'so every cold request waited its turn (see p50/p99); --storm-connections 200 exercises the 503 path',
    );
  }
  console.log(
    `server RSS: ${toMB(idleRss).toFixed(0)} MB idle, ${toMB(stormPeak).toFixed(0)} MB peak in the storm`,
  );
  console.log(
    tooMany === 0
      ? '429 answers: none (the per-client limits did not engage)'
      : `429 answers: ${tooMany} — the per-client limiter engaged despite IMAGE_MISS_BURST/IMAGE_MISSES_PER_SECOND`,
  );
  console.log('\nbounds:');
  return printBounds(bounds);
}

const server = startAppServer(PORT, {
  dataDir: DATA_DIR,
  demoCount: DEMO_COUNT,
  env: {
    // One client address generates all the load: a per-client limit would only measure itself.
    IMAGE_MISS_BURST: '100000',
    IMAGE_MISSES_PER_SECOND: '10000',
  },
});
let sampler: RssSampler | undefined;
let stopping: Promise<void> | undefined;
const stop = () => {
  sampler?.stop();
  stopping ??= stopServer(server, STOP_GRACE_MS);
  return stopping;
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the server…`);
    void stop().finally(() => process.exit(130));
  });
}

let exitCode = 1;
const timedStop = async () => {
  const started = performance.now();
  await stop();
  console.log(`Server stopped in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
};
try {
  const passed = await run(server, (pid) => {
    sampler = sampleTreeRss(pid, RSS_SAMPLE_MS);
    return sampler;
  });
  exitCode = passed ? 0 : 1;
} catch (error) {
  console.error('\nThe load run could not finish:', error instanceof Error ? error.message : error);
} finally {
  await timedStop();
}
// Explicit: a wait that lost a race (waitUntilUp's polling) must not keep the process alive.
process.exit(exitCode);
