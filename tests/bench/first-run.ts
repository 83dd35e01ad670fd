/**
 * `npm run bench:first-run`: a new user's first `npm start`, timed: no build, an empty data directory,
 * the default demo data (DEMO_COUNT), until "Vitrine ready". Prints the build, the demo seed and the
 * whole, then stops the server with SIGTERM as a container runtime would. Run it on a quiet machine:
 * the README's figure comes from here. `--keep-build` reuses the current build (the seed alone).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const keepBuild = process.argv.includes('--keep-build');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-first-run-'));
if (!keepBuild) fs.rmSync('.next', { recursive: true, force: true });

const started = performance.now();
const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
const marks: Record<string, string> = {};
const child = spawn('npm', ['start'], {
  env: {
    ...process.env,
    PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`,
    DATA_DIR: dataDir,
    PORT: process.env.PORT ?? '3950',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
const timeout = setTimeout(() => {
  console.error('Not ready after 15 minutes.');
  child.kill('SIGTERM');
}, 15 * 60_000);

let pending = '';
const read = (chunk: Buffer) => {
  pending += chunk.toString();
  const lines = pending.split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) {
    if (/First run: creating/.test(line)) marks.build ??= seconds();
    if (/Creating demo images .* in [\d.]+ s/.test(line)) marks.seed ??= seconds();
    if (/Vitrine ready/.test(line)) {
      marks.ready = seconds();
      clearTimeout(timeout);
      child.kill('SIGTERM');
    }
  }
};
child.stdout.on('data', read);
child.stderr.on('data', read);
child.on('exit', () => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  const build = Number(marks.build ?? 0);
  const seed = Number(marks.seed ?? 0);
  console.log(
    `[figures] first run (${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}): ` +
      `${keepBuild ? 'build kept' : `build ${build.toFixed(1)} s`} · ` +
      `demo seed ${(seed - build).toFixed(1)} s · ready after ${marks.ready ?? '—'} s`,
  );
  process.exit(marks.ready ? 0 : 1);
});
