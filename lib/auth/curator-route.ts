import 'server-only';
import { withErrorHandling } from '@/lib/api/errors';
import { assertSameOrigin, requireCurator } from './request-guard';
import type { SessionCurator } from './sessions';

export interface CuratorRequest<Params> {
  request: Request;
  curator: SessionCurator;
  params: Params;
}

/**
 * A curator-only route handler: writes must come from the app's own origin (403), every call needs
 * a session (401), and answers are never cached nor indexed. Errors go through the one contract.
 */
export function curatorRoute<Params = Record<string, never>>(
  kind: 'read' | 'write',
  handler: (context: CuratorRequest<Params>) => Promise<Response>,
) {
  return withErrorHandling(async (request: Request, context?: { params: Promise<Params> }) => {
    if (kind === 'write') assertSameOrigin(request);
    const curator = await requireCurator(request);
    const response = await handler({ request, curator, params: (await context?.params) ?? ({} as Params) });
    response.headers.set('Cache-Control', 'no-store');
    response.headers.set('X-Robots-Tag', 'noindex');
    return response;
  });
}
