import 'server-only';
import { withErrorHandling } from '@/lib/api/errors';
import type { ApiTokenScope } from '@/lib/auth/api-tokens';
import { type Actor, requireActor } from '@/lib/auth/request-guard';
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
  actor: Actor;
  params: Params;
}

/**
 * A curator-only route handler: a session (401 without; writes from the app's own origin, else 403)
 * or an API token (lib/auth/request-guard.ts: 401, 403 for a scope below `tokenScope`, 429 over its
 * rate limit); answers are never cached nor indexed.
 */
export function curatorRoute<Params = Record<string, never>>(
  kind: 'read' | 'write',
  handler: (context: CuratorRequest<Params>) => Promise<Response>,
  options: { tokenScope?: ApiTokenScope } = {},
) {
  return route(async (request: Request, context?: { params: Promise<Params> }) => {
    const services = appServices();
    const { db } = await services.database();
    const actor = await requireActor(db, request, {
      kind,
      tokenScope: options.tokenScope ?? 'publish',
      rateLimit: services.tokenRateLimit,
    });
    const response = await handler({ request, actor, params: (await context?.params) ?? ({} as Params) });
    response.headers.set('Cache-Control', 'no-store');
    response.headers.set('X-Robots-Tag', 'noindex');
    return response;
  });
}
