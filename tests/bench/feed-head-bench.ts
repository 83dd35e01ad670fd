/**
 * `npm run bench:head`: the feed's first page as every visitor gets it — `/`, the cached head
 * (app/feed-head) — against the same page rendered for every request (Next's draft-mode cookie,
 * which bypasses its page cache: a render and a query each time), side by side in one run on the production build: requests per second at
 * 32 keep-alive connections, and whether both answer the same document.
 */
import fs from 'node:fs';
import { BENCH_DATA_DIR, startBenchServer, throughput, waitUntilUp } from './bench-server';

const PORT = 3302;
const CONNECTIONS = 32;
const SECONDS = 8;
const base = `http://127.0.0.1:${PORT}`;
const server = startBenchServer(PORT, 240);
try {
  await waitUntilUp(`${base}/api/feed?limit=1`);
  // Next renders a cached page afresh for a request carrying its draft-mode cookie (the build's id).
  const { preview } = JSON.parse(fs.readFileSync('.next/prerender-manifest.json', 'utf8')) as {
    preview: { previewModeId: string };
  };
  const bypass = { cookie: `__prerender_bypass=${preview.previewModeId}` };
  const cached = await fetch(`${base}/`);
  const rendered = await fetch(`${base}/`, { headers: bypass });
  console.log(`\nData: ${BENCH_DATA_DIR}. / answers Cache-Control: ${cached.headers.get('cache-control')}`);
  console.log(`/ rendered per request answers Cache-Control: ${rendered.headers.get('cache-control')}`);
  if (rendered.headers.get('cache-control')?.includes('s-maxage')) {
    throw new Error('the bypass cookie was ignored: nothing per-request to compare with');
  }
  const [cachedHtml, renderedHtml] = [await cached.text(), await rendered.text()];
  // Warm both paths (JIT, the head's first render) before measuring.
  await throughput([`${base}/`], { connections: 4, seconds: 1 });
  await throughput([`${base}/`], { connections: 4, seconds: 1, headers: bypass });
  const head = await throughput([`${base}/`], { connections: CONNECTIONS, seconds: SECONDS });
  const perRequest = await throughput([`${base}/`], {
    connections: CONNECTIONS,
    seconds: SECONDS,
    headers: bypass,
  });
  const rows = [
    ['measure', 'cached head /', 'the same page rendered per request', 'ratio'],
    [
      `req/s, ${CONNECTIONS} connections, ${SECONDS} s`,
      head.rps.toFixed(0),
      perRequest.rps.toFixed(0),
      (head.rps / perRequest.rps).toFixed(1),
    ],
    ['failed', String(head.failed), String(perRequest.failed), ''],
    ['HTML (KB)', (cachedHtml.length / 1024).toFixed(0), (renderedHtml.length / 1024).toFixed(0), ''],
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join(' | '));
} finally {
  server.kill('SIGTERM');
}
