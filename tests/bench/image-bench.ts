/**
 * `npm run bench`: the app's /i/ route against Next's built-in optimizer (/_next/image) on the same
 * originals, widths and output format, side by side in one run, on one production server:
 *   1. cold transform latency: each source at w640 (and w1280), one request at a time, alternating
 *      the two endpoints image by image so both see the same machine conditions;
 *   2. warm-hit throughput: 64 keep-alive connections for a fixed time over the warmed URLs.
 * Prints a table with the ratios and writes tests/bench/results/image-bench.json.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Agent, request } from 'undici';

const PORT = 3300;
const DATA_DIR = '.data-bench';
const SOURCES = 40;
const WARM_SECONDS = 8;
const CONNECTIONS = 64;
const base = `http://127.0.0.1:${PORT}`;
const ACCEPT = {
  avif: 'image/avif,image/webp,image/*,*/*;q=0.8',
  webp: 'image/webp,image/*,*/*;q=0.8',
} as const;

function startServer(): ChildProcess {
  // Cold means cold: no variant cache of ours, no image cache of Next's, no prewarm at boot.
  fs.rmSync(path.join(DATA_DIR, 'variants'), { recursive: true, force: true });
  fs.rmSync(path.join('.next', 'cache', 'images'), { recursive: true, force: true });
  return spawn('node', ['--conditions=react-server', '--import', 'tsx', 'scripts/start.ts'], {
    env: {
      ...process.env,
      DATA_DIR,
      PORT: String(PORT),
      DEMO_COUNT: String(SOURCES),
      PREWARM_ON_START: 'false',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

async function waitUntilUp() {
  for (let i = 0; i < 900; i++) {
    try {
      const response = await fetch(`${base}/api/feed?limit=1`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error('The server did not come up');
}

async function sources(): Promise<string[]> {
  const response = await fetch(`${base}/api/feed?limit=${SOURCES}`);
  const page = (await response.json()) as { items: { src: string }[] };
  return page.items.map((item) => item.src);
}

const ours = (src: string, width: number) => `/i/w-${width}/${src}`;
const nexts = (src: string, width: number) =>
  `/_next/image?url=${encodeURIComponent(`/o/${src}`)}&w=${width}&q=75`;

async function timed(url: string, accept: string) {
  const started = performance.now();
  const response = await fetch(`${base}${url}`, { headers: { accept } });
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

async function throughput(urls: string[], accept: string) {
  const agent = new Agent({ connections: CONNECTIONS, pipelining: 1 });
  const deadline = performance.now() + WARM_SECONDS * 1000;
  let done = 0;
  let failed = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < deadline) {
        const url = urls[next++ % urls.length]!;
        const response = await request(`${base}${url}`, { dispatcher: agent, headers: { accept } });
        await response.body.arrayBuffer();
        if (response.statusCode === 200) done++;
        else failed++;
      }
    }),
  );
  await agent.close();
  return { rps: done / WARM_SECONDS, failed };
}

const server = startServer();
try {
  await waitUntilUp();
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
    const a = await throughput(
      srcs.map((src) => ours(src, width)),
      ACCEPT.avif,
    );
    const b = await throughput(
      srcs.map((src) => nexts(src, width)),
      ACCEPT.avif,
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
}
