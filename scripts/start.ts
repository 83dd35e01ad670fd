/**
 * `npm start`: the one command a new user runs. Builds the app when the build is missing or was
 * made from other sources, brings the database up to date and fills it with demo data on first run, then
 * hands over to the app server (scripts/serve.ts: Next, with `/i/` answered in front of its router).
 * The database is closed before the server opens it: PGlite allows one process per data directory.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { env } from '@/lib/env';
import { buildFingerprint } from './build-fingerprint';
import { nodeSupport } from './node-support';

const root = process.cwd();
const nextBin = path.join(root, 'node_modules', '.bin', 'next');

const fingerprintFile = path.join(root, '.next', 'vitrine-build-fingerprint');

/** The fingerprint the current build was made from; '' for a build of unknown sources, null for none. */
function lastBuildFingerprint(): string | null {
  if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) return null;
  return fs.existsSync(fingerprintFile) ? fs.readFileSync(fingerprintFile, 'utf8') : '';
}

/** Builds unless the last build was made from exactly these sources (scripts/build-fingerprint.ts). */
function ensureBuild() {
  const fingerprint = buildFingerprint(root);
  const built = lastBuildFingerprint();
  if (built === fingerprint) return;
  console.log(
    built === null ? 'Building the app (first run)…' : 'Sources changed since the last build; rebuilding…',
  );
  const result = spawnSync(nextBin, ['build'], {
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) {
    console.error('The build failed; see the messages above.');
    process.exit(result.status ?? 1);
  }
  fs.writeFileSync(fingerprintFile, fingerprint);
}

// Said before the build, which is where an unsupported Node would otherwise fail, obscurely.
const support = nodeSupport(process.versions.node);
if (support.level === 'unsupported') {
  console.error(support.message);
  process.exit(1);
}
if (support.level === 'warn') console.warn(support.message);

ensureBuild();
// The database and the demo data are prepared by a process of its own, which exits when done: this
// parent stays small while the server runs (it only forwards signals), and PGlite's directory is
// free again when the server opens it.
const prepared = spawnSync(
  process.execPath,
  ['--conditions=react-server', '--import', 'tsx', 'scripts/prepare-data.ts'],
  { stdio: 'inherit', env: process.env },
);
if (prepared.status !== 0) process.exit(prepared.status ?? 1);

console.log(`Vitrine is starting on http://localhost:${env.PORT}`);
const server = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts'], {
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
});
// The server stops itself within ~6 s (scripts/serve.ts); one that has not after 9 s is killed, so the
// whole of `npm start` is gone within the 10 s a container runtime waits before its own SIGKILL.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.kill(signal);
    setTimeout(() => server.kill('SIGKILL'), 9_000).unref();
  });
}
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
