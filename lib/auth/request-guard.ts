import 'server-only';
import { ApiError } from '@/lib/api/errors';
import type { Database } from '@/lib/db/client';
import { env } from '@/lib/env';
import { clientAddressFrom } from '@/lib/http/peer-address';
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
