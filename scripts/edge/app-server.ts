/**
 * The app of `npm run start:edge`: `npm start`'s own process (scripts/start.ts: build if needed,
 * database and demo seed on first run, then the server), its objects in the bucket server's buckets
 * and its images from the Worker. Its output is passed through, progress included.
 */
import type { EdgeLayout } from './edge-layout';
import { type Started, startPart, waitForHttp } from './part';

export function startApp(layout: EdgeLayout, timeoutMs = 30 * 60_000): Started {
  const part = startPart(
    'app (scripts/start.ts)',
    process.execPath,
    ['--conditions=react-server', '--import', 'tsx', 'scripts/start.ts'],
    { stdio: 'inherit', env: { ...process.env, ...layout.appEnv } },
  );
  return { part, ready: waitForHttp(part, layout.appCheckUrl, timeoutMs) };
}
