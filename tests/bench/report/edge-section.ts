/**
 * The feed through the production layout (`npm run start:edge`: the app, the s3rver bucket server and
 * the image-guard Worker in workerd), counted at the bucket (issue 17): the same visitor as the feed
 * section, cold (a fresh browser profile, nothing cached anywhere) and then warm (the same profile
 * again: its HTTP cache and service worker hold what it saw), each counted from the bucket server's
 * own access log (bucket-log.ts).
 *
 * Its data: the report's PGlite database (the published cards, their rows) copied into a data
 * directory of its own, and every object of the report's public store (originals under `g/`, display
 * sets under `v/`) put into the public bucket once the layout is up, before any visitor.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createFsObjectStore } from '@/lib/storage/fs-object-store';
import { fsObjectStoreRoot } from '@/lib/storage/object-store-from-env';
import { readObject } from '@/lib/storage/read-object';
import { createS3ObjectStore } from '@/lib/storage/s3-object-store';
import { childOutput, stopServer, waitUntilUp } from '../bench-server';
import { bucketSessionCost, parseBucketLog } from './bucket-log';
import { feedPageFigures } from './feed-metrics';
import { launchBrowser, newVisitorContext, recordSession } from './feed-session';
import type { EdgeLayoutSession, FeedSection } from './report-types';

export interface EdgeSectionOptions {
  /** The report's data directory (PGlite + fs stores), published and with its display sets. */
  sourceDataDir: string;
  /** The layout's own data directory (replaced). */
  dataDir: string;
  /** App, bucket server, Worker (and its inspector on the port after it). */
  ports: { app: number; bucket: number; worker: number };
  screens: number;
  logFile?: string;
  onProgress?: (message: string) => void;
}

const logSize = (file: string) => (fs.existsSync(file) ? fs.statSync(file).size : 0);
const logSince = (file: string, offset: number) =>
  fs.existsSync(file) ? parseBucketLog(fs.readFileSync(file).subarray(offset).toString('utf8')) : [];

/** Resolves once anything answers HTTP at `url` (the Worker answers 404 at `/`). */
async function answering(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await (await fetch(url)).arrayBuffer();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

async function fillPublicBucket(sourceDataDir: string, bucketPort: number): Promise<number> {
  const from = createFsObjectStore(fsObjectStoreRoot(sourceDataDir, 'public'));
  const to = createS3ObjectStore({
    bucket: 'vitrine-public',
    endpoint: `http://127.0.0.1:${bucketPort}`,
    region: 'auto',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    forcePathStyle: true,
  });
  let count = 0;
  for await (const listed of from.list('')) {
    const object = await from.get(listed.key);
    if (!object) continue;
    const bytes = await readObject(object, { maxBytes: 64 * 1024 * 1024, timeoutMs: 30_000 });
    await to.put(listed.key, bytes, { contentType: object.contentType, cacheControl: object.cacheControl });
    count++;
  }
  return count;
}

export async function runEdgeSection(options: EdgeSectionOptions): Promise<FeedSection['edge']> {
  const log = options.onProgress ?? (() => {});
  fs.rmSync(options.dataDir, { recursive: true, force: true });
  fs.mkdirSync(options.dataDir, { recursive: true });
  for (const entry of ['pglite', 'app-secret']) {
    const from = path.join(options.sourceDataDir, entry);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(options.dataDir, entry), { recursive: true });
  }
  const accessLog = path.resolve(options.dataDir, 'bucket-access.log');
  const appUrl = `http://127.0.0.1:${options.ports.app}`;
  let layout: ChildProcess | undefined;
  try {
    log('starting npm run start:edge (app, bucket server, Worker)…');
    layout = spawn('node', ['--conditions=react-server', '--import', 'tsx', 'scripts/start-edge.ts'], {
      env: {
        ...process.env,
        DATA_DIR: options.dataDir,
        PORT: String(options.ports.app),
        S3_PORT: String(options.ports.bucket),
        WORKER_PORT: String(options.ports.worker),
        PUBLIC_URL: appUrl,
        BUCKET_ACCESS_LOG: accessLog,
        DEMO_COUNT: '0',
        IMAGE_MISS_BURST: '100000',
        IMAGE_MISSES_PER_SECOND: '10000',
      },
      stdio: ['ignore', childOutput(options.logFile), childOutput(options.logFile)],
    });
    await waitUntilUp(`${appUrl}/api/health`);
    await answering(`http://127.0.0.1:${options.ports.worker}/`, 120_000);
    const objects = await fillPublicBucket(options.sourceDataDir, options.ports.bucket);
    log(`${objects} objects put into the public bucket`);
    const browser = await launchBrowser();
    try {
      const context = await newVisitorContext(browser, 'allow');
      const visit = async (cache: 'cold' | 'warm'): Promise<EdgeLayoutSession> => {
        const offset = logSize(accessLog);
        const record = await recordSession(browser, `${appUrl}/`, {
          screens: options.screens,
          context,
          onProgress: (message) => log(`production layout, ${cache}: ${message}`),
        });
        // The last lines of a session may still be on their way to the log.
        await new Promise((resolve) => setTimeout(resolve, 500));
        const figures = feedPageFigures(record, 0);
        const cost = bucketSessionCost(logSince(accessLog, offset), Math.max(1, record.seen));
        log(
          `production layout, ${cache}: ${record.seen} seen, ${cost.bucketReadsPerSeen} bucket reads per seen image ` +
            `(${cost.storedReads} stored, ${cost.originalReads} originals, ${cost.failedReads} failed)`,
        );
        return {
          ...cost,
          requestsPerSeen: figures.requestsPerSeen,
          bytesPerSeen: figures.bytesPerSeen,
          unloadedAfterPause: figures.unloadedAfterPause,
        };
      };
      const cold = await visit('cold');
      const warm = await visit('warm');
      await context.close();
      return { ...cold, warm };
    } finally {
      await browser.close();
    }
  } finally {
    if (layout) await stopServer(layout, 30_000);
  }
}
