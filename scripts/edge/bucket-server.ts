/**
 * The bucket server of `npm run start:edge`: s3rver (scripts/edge/s3rver-process.cjs) on S3_PORT
 * with the public and the private bucket, objects kept in DATA_DIR/s3 across runs. Unsigned reads
 * are answered for the public bucket's objects only, as a public bucket's domain answers them; with
 * BUCKET_ACCESS_LOG every request appends a line `{ method, bucket, key, status, bytes }`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { EdgeLayout } from './edge-layout';
import { prefixLines, type Started, startPart } from './part';

const processScript = path.join(import.meta.dirname, 's3rver-process.cjs');

/** The part at once (so a caller can stop it whatever happens next) and when it listens. */
export function startBucketServer(layout: EdgeLayout, port: number, timeoutMs = 30_000): Started {
  fs.mkdirSync(layout.bucketDir, { recursive: true });
  if (layout.accessLog) fs.mkdirSync(path.dirname(layout.accessLog), { recursive: true });
  const config = {
    directory: layout.bucketDir,
    buckets: [layout.publicBucket, layout.privateBucket],
    port,
    publicBucket: layout.publicBucket,
    accessLog: layout.accessLog,
  };
  const part = startPart(
    'bucket server',
    process.execPath,
    ['--openssl-legacy-provider', processScript, JSON.stringify(config)],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  prefixLines(part.child.stderr, 'bucket');
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`bucket server did not listen on port ${port} within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    part.child.stdout?.once('data', () => {
      clearTimeout(timer);
      resolve();
    });
    void part.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`bucket server exited (code ${code}) before listening on port ${port}`));
    });
  });
  return { part, ready };
}
