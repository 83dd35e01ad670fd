/**
 * `npm run bench`: the app's /i/ route against Next's built-in optimizer (/_next/image) on the same
 * originals, widths and output format, side by side in one run: Vitrine's production server, and
 * Next's optimizer in its own app (tests/bench/next-baseline) serving copies of the same originals:
 *   1. cold transform latency: each source at w640 (and w1280), one request at a time, alternating
 *      the two endpoints image by image so both see the same machine conditions;
 *   2. warm-hit throughput: 64 keep-alive connections for a fixed time over the warmed URLs.
 * Prints a table with the ratios and writes tests/bench/results/image-bench.json.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BENCH_DATA_DIR, startBenchServer, throughput, waitUntilUp } from './bench-server';

const PORT = 3300;
const BASELINE_PORT = 3301;
const BASELINE_DIR = 'tests/bench/next-baseline';
const nextBin = path.resolve('node_modules/.bin/next');
const SOURCES = 40;
const WARM_SECONDS = 8;
const CONNECTIONS = 64;
const base = `http://127.0.0.1:${PORT}`;
const baselineBase = `http://127.0.0.1:${BASELINE_PORT}`;
const ACCEPT = {
  avif: 'image/avif,image/webp,image/*,*/*;q=0.8',
  webp: 'image/webp,image/*,*/*;q=0.8',
} as const;

/** Next's optimizer in its own app, over copies of our published originals (public/o/g/…). */
function startBaseline(): ChildProcess {
  const run = (args: string[]) => {
    const result = spawnSync(nextBin, args, { cwd: BASELINE_DIR, stdio: 'inherit', env: process.env });
    if (result.status !== 0) throw new Error(`next ${args[0]} failed in ${BASELINE_DIR}`);
  };
  // Built every run (≈10 s): it must never lag behind its sources, and a fresh build has no image cache.
  fs.rmSync(path.join(BASELINE_DIR, '.next'), { recursive: true, force: true });
  run(['build']);
  const originals = path.join(BASELINE_DIR, 'public', 'o', 'g');
  fs.rmSync(originals, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(originals), { recursive: true });
  fs.cpSync(path.join(BENCH_DATA_DIR, 'storage', 'objects', 'g'), originals, { recursive: true });
  return spawn(nextBin, ['start', '-p', String(BASELINE_PORT)], {
    cwd: BASELINE_DIR,
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

async function sources(): Promise<string[]> {
  const response = await fetch(`${base}/api/feed?limit=${SOURCES}`);
  const page = (await response.json()) as { items: { src: string }[] };
  return page.items.map((item) => item.src);
}

const ours = (src: string, width: number) => `/i/w-${width}/${src}`;
const nexts = (src: string, width: number) =>
  `${baselineBase}/_next/image?url=${encodeURIComponent(`/o/${src}`)}&w=${width}&q=75`;

async function timed(url: string, accept: string) {
  const started = performance.now();
  const response = await fetch(url.startsWith('http') ? url : `${base}${url}`, { headers: { accept } });
  const body = new Uint8Array(await response.arrayBuffer());
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  return {
    ms: performance.now() - started,
    bytes: body.byteLength,
    type: response.headers.get('content-type'),
  };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

const server = startBenchServer(PORT, SOURCES);
let baseline: ChildProcess | undefined;
try {
  await waitUntilUp(`${base}/api/feed?limit=1`);
  baseline = startBaseline();
  await waitUntilUp(baselineBase);
  const srcs = await sources();
  const results: Record<string, unknown> = {
    sources: srcs.length,
    connections: CONNECTIONS,
    warmSeconds: WARM_SECONDS,
  };
  const rows: string[][] = [];
  for (const [format, accept] of Object.entries(ACCEPT)) {
    for (const width of [640, 1280]) {
      const cold = { ours: [] as number[], next: [] as number[], oursBytes: 0, nextBytes: 0 };
      for (const src of srcs) {
        const a = await timed(ours(src, width), accept);
        const b = await timed(nexts(src, width), accept);
        if (a.type !== `image/${format}` || b.type !== `image/${format}`) {
          throw new Error(`format mismatch: ours ${a.type}, next ${b.type}`);
        }
        cold.ours.push(a.ms);
        cold.next.push(b.ms);
        cold.oursBytes += a.bytes;
        cold.nextBytes += b.bytes;
      }
      const key = `${format} w${width}`;
      const summary = {
        oursP50: percentile(cold.ours, 50),
        oursP95: percentile(cold.ours, 95),
        nextP50: percentile(cold.next, 50),
        nextP95: percentile(cold.next, 95),
        oursKB: cold.oursBytes / srcs.length / 1024,
        nextKB: cold.nextBytes / srcs.length / 1024,
      };
      results[`cold ${key}`] = summary;
      rows.push([
        `cold ${key} p50 / p95 (ms)`,
        `${summary.oursP50.toFixed(0)} / ${summary.oursP95.toFixed(0)}`,
        `${summary.nextP50.toFixed(0)} / ${summary.nextP95.toFixed(0)}`,
        `${(summary.oursP50 / summary.nextP50).toFixed(2)} / ${(summary.oursP95 / summary.nextP95).toFixed(2)}`,
      ]);
      rows.push([
        `  bytes per image (KB)`,
        summary.oursKB.toFixed(1),
        summary.nextKB.toFixed(1),
        (summary.oursKB / summary.nextKB).toFixed(2),
      ]);
    }
  }
  for (const width of [640]) {
    const load = { connections: CONNECTIONS, seconds: WARM_SECONDS, headers: { accept: ACCEPT.avif } };
    const a = await throughput(
      srcs.map((src) => `${base}${ours(src, width)}`),
      load,
    );
    const b = await throughput(
      srcs.map((src) => nexts(src, width)),
      load,
    );
    results[`warm avif w${width}`] = {
      oursRps: a.rps,
      nextRps: b.rps,
      oursFailed: a.failed,
      nextFailed: b.failed,
    };
    rows.push([
      `warm avif w${width} req/s (${CONNECTIONS} conns)`,
      a.rps.toFixed(0),
      b.rps.toFixed(0),
      (a.rps / b.rps).toFixed(2),
    ]);
  }
  const header = ['measure', 'Vitrine /i/', 'Next /_next/image', 'ratio (Vitrine ÷ Next)'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ');
  console.log(
    `\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}\n${rows.map(line).join('\n')}\n`,
  );
  fs.mkdirSync('tests/bench/results', { recursive: true });
  fs.writeFileSync('tests/bench/results/image-bench.json', JSON.stringify(results, null, 2));
} finally {
  server.kill('SIGTERM');
  baseline?.kill('SIGTERM');
}
