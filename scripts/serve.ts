/**
 * The production server `npm start` runs: Next's request handler for everything, except `/i/`,
 * which is answered here, before Next's router. `/_next/image` is served by Next's base server the
 * same way; going through the App Router's route pipeline instead cost ~1 ms per warm hit (see
 * docs/benchmarks.md). Both paths use the same core (`answerImageRequest`), and
 * app/i/[...path]/route.ts still serves `/i/` under `next dev` or a plain `next start`.
 */
import { createServer, type IncomingMessage } from 'node:http';
import next from 'next';
import { env } from '@/lib/env';
import { getVariantService, imageRequestLog } from '@/lib/transform/app-variant-service';
import { answerImageRequest, imageRequestInput } from '@/lib/transform/serve-image';

const app = next({ dev: false, dir: process.cwd() });
const handleWithNext = app.getRequestHandler();
await app.prepare();

function header(request: IncomingMessage, name: string): string | null {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : (value ?? null);
}

const server = createServer((request, response) => {
  const url = request.url ?? '/';
  if (!url.startsWith('/i/')) {
    void handleWithNext(request, response);
    return;
  }
  // The raw, still percent-encoded path: the guard refuses encoded traversal instead of decoding it.
  const pathname = url.split('?')[0]!;
  const input = imageRequestInput(request.method ?? 'GET', pathname, (name) => header(request, name));
  answerImageRequest(input, getVariantService(), imageRequestLog).then(
    (answer) => {
      response.writeHead(answer.status, answer.headers);
      response.end(answer.body ?? undefined);
    },
    (error: unknown) => {
      console.error('[/i/] unexpected failure', error);
      response.writeHead(500, { 'Cache-Control': 'no-store' });
      response.end();
    },
  );
});

server.keepAliveTimeout = 65_000;
server.listen(env.PORT, () => console.log(`✓ Vitrine ready on http://localhost:${env.PORT}`));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
