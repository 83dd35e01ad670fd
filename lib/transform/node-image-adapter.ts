import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientAddressFrom } from '@/lib/http/peer-address';
import { answerImageRequest, type ImageGuardOptions, imageRequestInput } from './serve-image';
import type { VariantService } from './variant-service';

function header(request: IncomingMessage, name: string): string | null {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : (value ?? null);
}

/**
 * The Node http adapter: what `npm start` answers `/i/` with, in front of Next's router (the App
 * Router's route pipeline costs ~1 ms a request; docs/benchmarks.md). Same core, same answers as the
 * Web adapter: the parity table runs through both.
 */
export function serveNodeImageRequest(
  request: IncomingMessage,
  response: ServerResponse,
  service: Pick<VariantService, 'getVariant'>,
  options: ImageGuardOptions = {},
): Promise<void> {
  const headerOf = (name: string) => header(request, name);
  const input = imageRequestInput(request.method ?? 'GET', request.url ?? '/', headerOf);
  const peer = request.socket.remoteAddress ?? null;
  const address = clientAddressFrom(headerOf, peer, options.trustProxy ?? false);
  return answerImageRequest(input, service, { ...options, address }).then(
    (answer) => {
      response.writeHead(answer.status, answer.headers);
      response.end(answer.body ?? undefined);
    },
    (error: unknown) => {
      console.error('[/i/] unexpected failure', error);
      response.writeHead(500, { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
      response.end();
    },
  );
}
