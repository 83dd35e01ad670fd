/**
 * `npm run bench:head`: the feed's first page `/` from the cached head against the same page rendered
 * per request (report/head-section.ts), at 32 keep-alive connections for 8 s, and both documents' size.
 */
import { BENCH_DATA_DIR, startBenchServer, waitUntilUp } from './bench-server';
import { measureFeedHead } from './report/head-section';

const PORT = 3302;
const CONNECTIONS = 32;
const SECONDS = 8;
const base = `http://127.0.0.1:${PORT}`;
const server = startBenchServer(PORT, 240);
try {
  await waitUntilUp(`${base}/api/health`);
  const result = await measureFeedHead(base, { connections: CONNECTIONS, seconds: SECONDS });
  console.log(`\nData: ${BENCH_DATA_DIR}. / answers Cache-Control: ${result.cacheControl}`);
  console.log(`/ rendered per request answers Cache-Control: ${result.perRequestCacheControl}`);
  const rows = [
    ['measure', 'cached head /', 'the same page rendered per request', 'ratio'],
    [
      `req/s, ${CONNECTIONS} connections, ${SECONDS} s`,
      String(result.sharedCacheRps),
      String(result.perRequestRps),
      result.ratio.toFixed(1),
    ],
    ['failed', String(result.failed.sharedCache), String(result.failed.perRequest), ''],
    [
      'HTML (KB)',
      (result.htmlBytes.sharedCache / 1024).toFixed(0),
      (result.htmlBytes.perRequest / 1024).toFixed(0),
      '',
    ],
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join(' | '));
} finally {
  server.kill('SIGTERM');
}
