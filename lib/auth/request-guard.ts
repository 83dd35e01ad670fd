import 'server-only';
import { ApiError } from '@/lib/api/errors';
import type { Database } from '@/lib/db/client';
import { env } from '@/lib/env';
import { clientAddressFrom } from '@/lib/http/peer-address';
import { type ApiTokenScope, checkApiToken, type TokenActor, type TokenRateLimit } from './api-tokens';
import { readCookie, sessionCookieName } from './session-cookie';
import { curatorForSession, type SessionCurator } from './sessions';

/** The client's address (lib/http/peer-address.ts); 'unknown' when nothing says. */
export function clientAddress(request: Request): string {
  return clientAddressFrom((name) => request.headers.get(name), null, env.TRUST_PROXY) ?? 'unknown';
}

/**
 * Writes must come from the app's own pages: a missing Origin, or one that is neither the
 * configured PUBLIC_URL nor the host the request was sent to, is refused (403). SameSite=Lax already
 * keeps the cookie off cross-site POSTs; this also stops same-site subdomains and old browsers.
 */
export function assertSameOrigin(request: Request): void {
  const origin = request.headers.get('origin');
  if (!origin) throw new ApiError('forbidden', 'Writes need an Origin header (send them from the studio).');
  let host: string;
  try {
    const parsed = new URL(origin);
    if (parsed.origin === new URL(env.PUBLIC_URL).origin) return;
    host = parsed.host;
  } catch {
    throw new ApiError('forbidden', 'The Origin header is not a URL.');
  }
  const requestHost =
    (env.TRUST_PROXY && request.headers.get('x-forwarded-host')) || request.headers.get('host');
  if (host !== requestHost) throw new ApiError('forbidden', `Writes from ${origin} are not accepted.`);
}

export function sessionToken(request: Request): string | undefined {
  return readCookie(request.headers.get('cookie'), sessionCookieName(env.SECURE_COOKIES));
}

/** The signed-in curator, or 401. Writes also need `assertSameOrigin`. */
export async function requireCurator(db: Database, request: Request): Promise<SessionCurator> {
  const curator = await curatorForSession(db, sessionToken(request));
  if (!curator) throw new ApiError('unauthorized', 'Log in to the studio first.');
  return curator;
}

/**
 * Who is calling a curator route: a curator's browser session, or a host app's server with an API
 * token. Routes read the scope and ownership from it; `uploaderOf` says what a generation records.
 */
export type Actor = ({ kind: 'curator' } & SessionCurator) | ({ kind: 'token' } & TokenActor);

export interface ActorRule {
  /** Writes from a session must come from the app's origin; tokens are not ambient, so never checked. */
  kind: 'read' | 'write';
  /** The least token scope the route takes: `submit` tokens only send and read back their own. */
  tokenScope: ApiTokenScope;
  rateLimit: TokenRateLimit;
}

const bearerPrefix = /^Bearer\s+/i;

/**
 * The caller of a curator route, or the error it gets: with `Authorization`, a valid API token of a
 * sufficient scope (401 missing/unknown/revoked/expired, 403 scope, 429 over its rate limit); else a
 * session (and the app's Origin for writes). The token is never echoed in a message.
 */
export async function requireActor(db: Database, request: Request, rule: ActorRule): Promise<Actor> {
  const authorization = request.headers.get('authorization');
  if (authorization === null) {
    if (rule.kind === 'write') assertSameOrigin(request);
    return { kind: 'curator', ...(await requireCurator(db, request)) };
  }
  if (!bearerPrefix.test(authorization)) {
    throw new ApiError('unauthorized', 'Send an API token as `Authorization: Bearer vt_…`.');
  }
  const check = await checkApiToken(db, authorization.replace(bearerPrefix, '').trim(), rule.rateLimit);
  if (check.kind === 'unknown') {
    throw new ApiError('unauthorized', 'This API token is unknown, revoked or expired.');
  }
  if (check.kind === 'rate_limited') {
    throw new ApiError(
      'rate_limited',
      `This API token sent more than ${rule.rateLimit.requests} requests in ${rule.rateLimit.windowMs / 1000} s; retry in ${check.retryAfterSeconds} s.`,
      { 'Retry-After': String(check.retryAfterSeconds) },
    );
  }
  if (rule.tokenScope === 'publish' && check.actor.scope !== 'publish') {
    throw new ApiError(
      'forbidden',
      `The token "${check.actor.name}" has the submit scope; this needs publish.`,
    );
  }
  return { kind: 'token', ...check.actor };
}
