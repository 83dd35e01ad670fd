/**
 * The image-guard Worker of `npm run start:edge`: `wrangler dev` in local mode (workerd, the pinned
 * wrangler of workers/image-guard) on WORKER_PORT, its ORIGIN_BASE_URL the public bucket and its
 * ALLOWED_HOSTS the app's host. Its rate limiter's state is kept in DATA_DIR/wrangler.
 */
import path from 'node:path';
import type { EdgeLayout } from './edge-layout';
import { prefixLines, type Started, startPart, waitForHttp } from './part';

const workerDir = path.resolve('workers', 'image-guard');
const wranglerBin = path.resolve('node_modules', '.bin', 'wrangler');

/**
 * Offline, wrangler cannot fetch the `request.cf` placeholder from workers.cloudflare.com and says
 * so with a stack trace on every start; the Worker does not read `request.cf`.
 */
const offlineNoise = /Request\.cf|workers\.cloudflare\.com|GetAddrInfoReqWrap|^\s*at /;

export function startImageWorker(
  layout: EdgeLayout,
  port: number,
  inspectorPort: number,
  timeoutMs = 90_000,
): Started {
  const part = startPart(
    'image Worker (wrangler dev)',
    wranglerBin,
    [
      'dev',
      '--local',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--inspector-port',
      String(inspectorPort),
      '--persist-to',
      layout.workerStateDir,
      '--var',
      `ORIGIN_BASE_URL:${layout.originBaseUrl}`,
      '--var',
      `ALLOWED_HOSTS:${layout.allowedHosts}`,
      '--show-interactive-dev-session=false',
      '--log-level',
      'warn',
    ],
    {
      cwd: workerDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    },
  );
  prefixLines(part.child.stdout, 'worker', (line) => !offlineNoise.test(line));
  prefixLines(part.child.stderr, 'worker', (line) => !offlineNoise.test(line));
  // Any answer from the Worker itself (a refused path is a 4xx it made) means workerd is serving.
  const ready = waitForHttp(part, `${layout.workerUrl}/i/`, timeoutMs, (response) => response.status < 500);
  return { part, ready };
}
