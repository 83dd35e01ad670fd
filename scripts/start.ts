/**
 * `npm start`: the one command a new user runs. Builds the app when the build is missing or was
 * made from other sources, brings the database up to date and fills it with demo data on first run, then
 * hands over to the app server (scripts/serve.ts: Next, with `/i/` answered in front of its router).
 * The database is closed before the server opens it: PGlite allows one process per data directory.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { addCurator, listCurators } from '@/lib/auth/curators';
import { openAppDatabase } from '@/lib/db/open-app-database';
import { env } from '@/lib/env';
import { createObjectStoresFromEnv } from '@/lib/storage/object-store-from-env';
import { ensureDemoData } from '@/drizzle/seed-demo';
import { buildFingerprint } from './build-fingerprint';

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

async function prepareData() {
  const handle = await openAppDatabase();
  try {
    await ensureDemoData(handle.db, createObjectStoresFromEnv(env).public, { count: env.DEMO_COUNT });
    // CURATOR_EMAIL / CURATOR_PASSWORD make the first account, so a fresh install can log in.
    if (env.CURATOR_EMAIL && env.CURATOR_PASSWORD && (await listCurators(handle.db)).length === 0) {
      await addCurator(handle.db, env.CURATOR_EMAIL, env.CURATOR_PASSWORD);
      console.log(`Created the first curator, ${env.CURATOR_EMAIL}.`);
    }
  } finally {
    await handle.close();
  }
}

ensureBuild();
try {
  await prepareData();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

console.log(`Vitrine is starting on http://localhost:${env.PORT}`);
// A process of its own: the seed above held the PGlite directory, and the server must open it afresh.
const server = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts'], {
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
