import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ObjectStore } from '@/lib/storage/object-store';
import { createS3ObjectStore } from '@/lib/storage/s3-object-store';

/**
 * A real S3 API on loopback for tests (s3rver, data in a fresh temp folder, random port), so
 * drivers are tested against real requests, signing and error shapes rather than a mocked client.
 * It runs in a child process, the one `npm run start:edge` runs: see scripts/edge/s3rver-process.cjs.
 */
export interface S3rverTestServer {
  endpoint: string;
  /** s3rver accepts any signature made with these. */
  accessKeyId: string;
  secretAccessKey: string;
  stop(): Promise<void>;
}

function waitForPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = '';
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n')[0];
      if (output.includes('\n') && line) {
        try {
          resolve((JSON.parse(line) as { port: number }).port);
        } catch {
          reject(new Error(`s3rver printed ${JSON.stringify(line)}`));
        }
      }
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`s3rver exited with code ${code} before listening: ${errors}`)),
    );
  });
}

export async function startS3rverTestServer(buckets: string[]): Promise<S3rverTestServer> {
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'vitrine-s3rver-'));
  const child = spawn(
    process.execPath,
    [
      '--openssl-legacy-provider',
      path.join(import.meta.dirname, '..', '..', 'scripts', 'edge', 's3rver-process.cjs'),
      JSON.stringify({ directory, buckets }),
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let port: number;
  try {
    port = await waitForPort(child);
  } catch (error) {
    child.kill('SIGKILL');
    await fs.rm(directory, { recursive: true, force: true });
    throw error;
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    async stop() {
      child.stdin?.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      await fs.rm(directory, { recursive: true, force: true });
    },
  };
}

/** An object store on one of the server's buckets, as the app's S3 driver talks to it. */
export function s3rverStore(server: S3rverTestServer, bucket: string): ObjectStore {
  return createS3ObjectStore({
    bucket,
    endpoint: server.endpoint,
    region: 'auto',
    accessKeyId: server.accessKeyId,
    secretAccessKey: server.secretAccessKey,
    forcePathStyle: true,
  });
}
