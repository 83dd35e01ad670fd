/**
 * `npm start`: the one command a new user runs. Builds the app when the build is missing or older
 * than the sources, brings the database up to date and fills it with demo data on first run, then
 * hands over to the app server (scripts/serve.ts: Next, with `/i/` answered in front of its router).
 * The database is closed before the server opens it: PGlite allows one process per data directory.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openAppDatabase } from '@/lib/db/open-app-database';
import { env } from '@/lib/env';
import { ensureDemoData } from '@/drizzle/seed-demo';

const root = process.cwd();
const nextBin = path.join(root, 'node_modules', '.bin', 'next');

function newestSourceMtime(): number {
  let newest = 0;
  const visit = (entry: string) => {
    const stat = fs.statSync(entry, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const child of fs.readdirSync(entry))
        if (!child.endsWith('.test.ts')) visit(path.join(entry, child));
    } else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const entry of ['app', 'components', 'lib', 'public', 'next.config.ts', 'package-lock.json']) {
    visit(path.join(root, entry));
  }
  return newest;
}

function ensureBuild() {
  const buildId = fs.statSync(path.join(root, '.next', 'BUILD_ID'), { throwIfNoEntry: false });
  if (buildId && buildId.mtimeMs >= newestSourceMtime()) return;
  console.log(
    buildId ? 'Sources changed since the last build; rebuilding…' : 'Building the app (first run)…',
  );
  const result = spawnSync(nextBin, ['build'], {
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) {
    console.error('The build failed; see the messages above.');
    process.exit(result.status ?? 1);
  }
}

async function prepareData() {
  const handle = await openAppDatabase();
  try {
    await ensureDemoData(handle.db, { count: env.DEMO_COUNT });
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
const server = spawn(
  process.execPath,
  ['--import', 'tsx', '--import', './scripts/register-hooks.mjs', 'scripts/serve.ts'],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' } },
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
