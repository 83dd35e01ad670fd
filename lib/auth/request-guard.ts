import 'server-only';
import { ApiError } from '@/lib/api/errors';
import { env } from '@/lib/env';
import { appServices } from '@/lib/server/app-services';
import { clientAddressFrom } from '@/lib/server/peer-address';
import { readCookie, sessionCookieName } from './session-cookie';
import { curatorForSession, type SessionCurator } from './sessions';

/** The client's address (lib/server/peer-address.ts); 'unknown' when nothing says. */
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
export async function requireCurator(request: Request): Promise<SessionCurator> {
  const { db } = await appServices().database();
  const curator = await curatorForSession(db, sessionToken(request));
  if (!curator) throw new ApiError('unauthorized', 'Log in to the studio first.');
  return curator;
}
