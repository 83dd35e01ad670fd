/**
 * The production server `npm start` runs: Next's request handler for everything, except `/i/`,
 * which is answered here, before Next's router (the App Router's route pipeline cost ~1 ms per warm
 * hit: docs/benchmarks.md). This file holds no product state and loads no product code: every
 * resource (database, object store, variant service) is created once, inside Next's server bundle,
 * by lib/server/app-services.ts, and Next's instrumentation (instrumentation.ts) hands this server
 * the `/i/` handler bound to them. Until that hand-off `/i/` goes through Next's route
 * (app/i/[...path]/route.ts: the same services and answers, slower).
 */
import { createServer } from 'node:http';
import next from 'next';
import { env } from '@/lib/env';
import { normalizedPathname } from '@/lib/image-guard/request-path';
import { takeNodeImageHandler } from '@/lib/server/image-handoff';
import { isServerReady } from '@/lib/server/readiness';
import { runServerShutdown } from '@/lib/server/shutdown-handoff';
import { PEER_ADDRESS_HEADER } from '@/lib/http/peer-address';

const app = next({ dev: false, dir: process.cwd() });
const handleWithNext = app.getRequestHandler();
await app.prepare();

const server = createServer((request, response) => {
  request.headers[PEER_ADDRESS_HEADER] = request.socket.remoteAddress ?? 'unknown';
  // Routed on the parsed path, the one the handler and every other runtime see (`..` resolved).
  const path = normalizedPathname(request.url ?? '/');
  const handleImage = path.startsWith('/i/') ? takeNodeImageHandler() : undefined;
  if (handleImage) handleImage(request, response);
  else void handleWithNext(request, response);
});

server.keepAliveTimeout = 65_000;
server.listen(env.PORT, async () => {
  // Next runs instrumentation.ts on the first request it handles, not in prepare(): ask it for the
  // feed's head (which also opens the database) so the prewarm and /i/'s fast path start now rather
  // than with the first visitor.
  const head = await fetch(`http://127.0.0.1:${env.PORT}/api/feed?limit=1`, {
    signal: AbortSignal.timeout(60_000),
  }).catch((error: unknown) => error);
  if (!(head instanceof Response) || !head.ok) {
    console.warn('The first request to the app failed; it will be retried by the first visitor.', head);
  }
  if (!takeNodeImageHandler()) console.warn('Next has not handed over the /i/ handler; /i/ uses its route.');
  // Ready when /api/health says so (the publish queue has started), at most 60 s from here.
  for (let waited = 0; !isServerReady() && waited < 60_000; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!isServerReady()) console.warn('The start work has not finished after 60 s; serving anyway.');
  console.log(`✓ Vitrine ready on http://localhost:${env.PORT}`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    // The publish queue's running job finishes or goes back to the queue (at most 6 s), within the
    // 10 s a container runtime gives between SIGTERM and SIGKILL.
    void runServerShutdown(6_000).then(() => process.exit(0));
  });
}
