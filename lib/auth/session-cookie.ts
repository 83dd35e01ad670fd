import { SESSION_TTL_MS } from './sessions';

/**
 * The session cookie: HttpOnly (no script reads it), SameSite=Lax (no cross-site POST carries it),
 * and in production Secure with the `__Host-` prefix (no subdomain or plain-http page can set or
 * shadow it). Under `next dev` (`secure` false) a plain name, since `__Host-` requires Secure.
 */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-vitrine-session' : 'vitrine-session';
}

export function sessionCookie(token: string, secure: boolean): string {
  const attributes = ['Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${Math.floor(SESSION_TTL_MS / 1000)}`];
  if (secure) attributes.push('Secure');
  return `${sessionCookieName(secure)}=${token}; ${attributes.join('; ')}`;
}

export function expiredSessionCookie(secure: boolean): string {
  return `${sessionCookieName(secure)}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? '; Secure' : ''}`;
}

/** One cookie's value from a Cookie header. */
export function readCookie(header: string | null, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}
