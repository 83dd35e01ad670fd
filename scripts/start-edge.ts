/**
 * `npm run start:edge`: the production layout on one machine (docs/image-delivery.md, "The
 * production layout, locally"). An S3-protocol bucket server on S3_PORT with the public and the
 * private bucket, the image-guard Worker in workerd (`wrangler dev`, local mode) on WORKER_PORT in
 * front of the public bucket, and the app on PORT the way `npm start` runs it, with its objects in
 * those buckets and its images from the Worker's origin. Ctrl-C or SIGTERM stops all three; if one
 * of them stops by itself, the others are stopped too.
 */
import fs from 'node:fs';
import path from 'node:path';
import { env } from '@/lib/env';
import { startApp } from './edge/app-server';
import { startBucketServer } from './edge/bucket-server';
import { edgeLayout } from './edge/edge-layout';
import { waitForFirstScreens } from './edge/first-screens';
import { startImageWorker } from './edge/image-worker';
import type { Part, Started } from './edge/part';

const layout = edgeLayout(env);
const started = Date.now();
const parts: Part[] = [];
let appPart: Part | undefined;
let stopping = false;

/**
 * The app first (it holds connections to the others: its running publish job finishes or goes back to
 * the queue), then the Worker and the bucket server together: all of it within the 10 s a container
 * runtime waits between SIGTERM and SIGKILL.
 */
async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    await appPart?.stop(7_000);
    await Promise.all(parts.filter((part) => part !== appPart).map((part) => part.stop(2_000)));
  }
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    console.log('Stopping the app, the Worker and the bucket server…');
    void stopAll(0);
  });
}

/** Stopped with the rest from the moment it is spawned; resolves when it is ready. */
function track({ part, ready }: Started): Promise<void> {
  parts.push(part);
  void part.exited.then((code) => {
    if (stopping) return;
    console.error(`The ${part.name} stopped (code ${code}); stopping the rest.`);
    void stopAll(code === 0 ? 1 : code);
  });
  return ready;
}

// `npm start`'s data in the same DATA_DIR names objects kept in DATA_DIR/storage, which the buckets
// do not hold: every image of that database would be missing here.
if (
  !env.DATABASE_URL &&
  fs.existsSync(path.join(env.DATA_DIR, 'storage')) &&
  !fs.existsSync(layout.bucketDir)
) {
  console.error(
    `${env.DATA_DIR} holds \`npm start\`'s embedded data (objects in its storage/ folder, not in buckets). ` +
      'Give the production layout a data directory of its own: DATA_DIR=.data-edge npm run start:edge',
  );
  process.exit(1);
}

try {
  console.log(`Starting the bucket server on ${layout.bucketEndpoint}…`);
  await track(startBucketServer(layout, env.S3_PORT));
  console.log(
    `Starting the image Worker (wrangler dev) on ${layout.workerUrl} and the app on ${layout.appUrl}…`,
  );
  // The Worker's inspector (devtools) listens next to it: wrangler's default, 9229, is shared by
  // every wrangler on the machine.
  const inspectorPort = Math.min(env.WORKER_PORT + 1, 65535);
  const app = startApp(layout);
  appPart = app.part;
  await Promise.all([track(startImageWorker(layout, env.WORKER_PORT, inspectorPort)), track(app)]);
  // Ready means the first screens are served as in production: from stored display sets.
  if (env.DISPLAY_SET_BACKFILL) await waitForFirstScreens(layout, 5 * 60_000);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await stopAll(1);
}

const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(
  `✓ Production layout ready in ${seconds} s: app ${layout.appUrl} · images ${layout.workerUrl}/i/ · ` +
    `buckets ${layout.originBaseUrl} (+ ${layout.privateBucket})` +
    (layout.accessLog ? ` · bucket log ${layout.accessLog}` : ''),
);
