import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from '@playwright/test';
import { displaySet } from '../../lib/image-guard/display-set';
import { FEED_PAGE_SIZE, type FeedPage } from '../../lib/feed/feed-types';
import { spawnNpmScript, stopLikeAContainerRuntime } from './process-tree';

/** One line of the bucket server's BUCKET_ACCESS_LOG (scripts/edge/s3rver-process.cjs). */
export interface BucketRequest {
  method: string;
  bucket: string;
  key: string;
  status: number;
  bytes: number;
  /** `worker`: the image Worker's anonymous read; `app`: the app's signed request. */
  reader: 'worker' | 'app';
}

export interface EdgeLayoutServer {
  /** Where the page is opened: the app's host (the Worker's ALLOWED_HOSTS). */
  appOrigin: string;
  /** The app's ASSET_BASE_URL: the image-guard Worker in wrangler dev. */
  workerOrigin: string;
  publicBucket: string;
  /** Every bucket request since the last `mark()` (or since the layout was ready). */
  bucketRequests(): BucketRequest[];
  mark(): void;
  output(): string;
  /** Stored / all members of the first page's display sets when it said ready ("720/720"). */
  firstPageAtReady: string;
  /** SIGTERM to npm's process alone, as a container runtime sends it (tests/e2e/process-tree.ts). */
  stopLikeAContainerRuntime(): ReturnType<typeof stopLikeAContainerRuntime>;
  stop(): Promise<void>;
}

interface EdgeLayoutOptions {
  appPort: number;
  s3Port: number;
  workerPort: number;
  demoCount: number;
  timeoutMs: number;
  /**
   * Wait until the app's background backfill has stored every demo item's display set (its last log
   * line), so the session meets the layout as production's is after a publish: every emitted variant
   * a stored object, and no encode or PUT at the bucket while the visitor reads.
   */
  displaySetsTimeoutMs: number;
}

/**
 * `npm run start:edge` itself (through npm, scripts/start-edge.ts) on ports of its own and a fresh temp data
 * directory, with BUCKET_ACCESS_LOG: the build the suite made is reused (scripts/start.ts's
 * fingerprint matches), the demo data is seeded into its buckets. Stopped with SIGTERM, as Ctrl-C
 * would stop it; the directory goes with it.
 */
export async function startEdgeLayout(options: EdgeLayoutOptions): Promise<EdgeLayoutServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-e2e-edge-'));
  const accessLog = path.join(dataDir, 'bucket-access.log');
  let text = '';
  const child: ChildProcess = spawnNpmScript('start:edge', {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(options.appPort),
      S3_PORT: String(options.s3Port),
      WORKER_PORT: String(options.workerPort),
      DEMO_COUNT: String(options.demoCount),
      BUCKET_ACCESS_LOG: accessLog,
      PUBLIC_URL: `http://localhost:${options.appPort}`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const collect = (chunk: Buffer) => {
    text += chunk.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  let firstPageAtReady = '';
  try {
    await expect
      .poll(
        () =>
          /Production layout ready/.test(text)
            ? 'ready'
            : child.exitCode !== null
              ? `exited:\n${text}`
              : 'starting',
        { timeout: options.timeoutMs, intervals: [250] },
      )
      .toBe('ready');
    // What "ready" promised: the first page's display sets are in the bucket, looked up right away
    // in the bucket server's own files (s3rver keeps `<bucket>/<key>._S3rver_object`).
    firstPageAtReady = await firstPageStored(options.appPort, path.join(dataDir, 's3', 'vitrine-public'));
    await expect
      .poll(
        () =>
          /Display sets: the backfill is done/.test(text)
            ? 'done'
            : child.exitCode !== null
              ? `exited:\n${text}`
              : 'making display sets',
        { timeout: options.displaySetsTimeoutMs, intervals: [500] },
      )
      .toBe('done');
  } catch (error) {
    await stop();
    throw error;
  }
  let offset = fs.statSync(accessLog).size;
  return {
    appOrigin: `http://localhost:${options.appPort}`,
    workerOrigin: `http://127.0.0.1:${options.workerPort}`,
    publicBucket: 'vitrine-public',
    bucketRequests: () =>
      fs
        .readFileSync(accessLog)
        .subarray(offset)
        .toString('utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as BucketRequest),
    mark() {
      offset = fs.statSync(accessLog).size;
    },
    output: () => text,
    firstPageAtReady,
    async stopLikeAContainerRuntime() {
      const result = await stopLikeAContainerRuntime(child);
      fs.rmSync(dataDir, { recursive: true, force: true });
      return result;
    },
    stop,
  };
}

/** Stored / all members of the display sets of the feed's first page ("720/720"). */
async function firstPageStored(appPort: number, bucketDir: string): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${appPort}/api/feed?limit=${FEED_PAGE_SIZE}`);
  const { items } = (await response.json()) as FeedPage;
  const keys = items.flatMap((item) => displaySet(item.src, item.width).map((member) => member.storedKey));
  const stored = keys.filter((key) => fs.existsSync(path.join(bucketDir, `${key}._S3rver_object`)));
  return `${stored.length}/${keys.length}`;
}
