import 'server-only';
import { withErrorHandling } from '@/lib/api/errors';
import { assertSameOrigin, requireCurator } from '@/lib/auth/request-guard';
import type { SessionCurator } from '@/lib/auth/sessions';
import { appServices } from './app-services';
import { reportDatabaseError } from './database-health';

/**
 * A route handler of this app: every failure goes through the one error contract
 * (lib/api/errors.ts), and one that means the database is unreachable is reported to the process's
 * database health (pages then answer 503 from proxy.ts until it is back).
 */
export function route<Args extends unknown[]>(
  handler: (...args: Args) => Promise<Response>,
): (...args: Args) => Promise<Response> {
  return withErrorHandling(handler, reportDatabaseError);
}

export interface CuratorRequest<Params> {
  request: Request;
  curator: SessionCurator;
  params: Params;
}

/**
 * A curator-only route handler: writes must come from the app's own origin (403), every call needs
 * a session (401), and answers are never cached nor indexed.
 */
export function curatorRoute<Params = Record<string, never>>(
  kind: 'read' | 'write',
  handler: (context: CuratorRequest<Params>) => Promise<Response>,
) {
  return route(async (request: Request, context?: { params: Promise<Params> }) => {
    if (kind === 'write') assertSameOrigin(request);
    const { db } = await appServices().database();
    const curator = await requireCurator(db, request);
    const response = await handler({ request, curator, params: (await context?.params) ?? ({} as Params) });
    response.headers.set('Cache-Control', 'no-store');
    response.headers.set('X-Robots-Tag', 'noindex');
    return response;
  });
}
