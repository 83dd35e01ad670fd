/**
 * The benchmarks' baselines in their own Next app (tests/bench/next-baseline): Next 16's image
 * optimizer (`/_next/image`), and the two feed pages the report compares ours with (`/naive`,
 * `/next-image`), over copies of the same published originals (public/o/g/…).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { FeedItem } from './next-baseline/app/feed-items';
import { childOutput } from './bench-server';

export const BASELINE_DIR = 'tests/bench/next-baseline';
const nextBin = path.resolve('node_modules/.bin/next');

export interface BaselineOptions {
  /** The data directory whose public originals (`storage/objects/g/…`) the baseline serves. */
  dataDir: string;
  /** The cards of the baseline feed pages, in ours' order; none for a transform-only run. */
  items?: readonly FeedItem[];
  logFile?: string;
}

/**
 * Built every run (≈30 s): it must never lag behind its sources, its pages are prerendered from the
 * run's items, and a fresh build has no image cache.
 */
export function buildBaseline(options: BaselineOptions): void {
  fs.writeFileSync(path.join(BASELINE_DIR, 'items.json'), JSON.stringify(options.items ?? []));
  fs.rmSync(path.join(BASELINE_DIR, '.next'), { recursive: true, force: true });
  const output = childOutput(options.logFile);
  const result = spawnSync(nextBin, ['build'], {
    cwd: BASELINE_DIR,
    stdio: ['ignore', output, output],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    timeout: 10 * 60_000,
  });
  if (result.status !== 0) {
    const where = options.logFile ? ` (its output is in ${options.logFile})` : '';
    throw new Error(`next build failed in ${BASELINE_DIR}${where}`);
  }
  const originals = path.join(BASELINE_DIR, 'public', 'o', 'g');
  fs.rmSync(originals, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(originals), { recursive: true });
  fs.cpSync(path.join(options.dataDir, 'storage', 'objects', 'g'), originals, { recursive: true });
}

/** `next start` on the built baseline, with its optimizer's cache emptied first: cold means cold. */
export function startBaseline(port: number, logFile?: string): ChildProcess {
  fs.rmSync(path.join(BASELINE_DIR, '.next', 'cache', 'images'), { recursive: true, force: true });
  const output = childOutput(logFile);
  return spawn(nextBin, ['start', '-p', String(port)], {
    cwd: BASELINE_DIR,
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', output, output],
  });
}
