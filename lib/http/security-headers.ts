/**
 * The security headers of the app's own answers (pages, API, static files), in one place:
 * `next.config.ts` sends `baseSecurityHeaders` and `apiSecurityHeaders` with every response, and
 * `proxy.ts` adds each page's Content-Security-Policy. `/i/` and `/o/` answer with their own
 * (lib/image-guard/headers.ts, lib/storage/serve-original.ts). Pure: docs/security.md explains the
 * choices.
 */

export interface HeaderPair {
  key: string;
  value: string;
}

/** Two years, the HSTS preload list's minimum; only sent by a production build. */
export const strictTransportSecurity = 'max-age=63072000; includeSubDomains';

/** Features no page of Vitrine uses: a script injected anywhere cannot use them either. */
export const permissionsPolicy = [
  'camera=()',
  'microphone=()',
  'geolocation=()',
  'payment=()',
  'usb=()',
  'browsing-topics=()',
  'interest-cohort=()',
].join(', ');

export function baseSecurityHeaders(options: { production: boolean }): HeaderPair[] {
  return [
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    // The Worker's hotlink check reads the Referer's origin; anything more stays on the site.
    { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
    // For browsers that predate CSP's frame-ancestors.
    { key: 'X-Frame-Options', value: 'DENY' },
    { key: 'Permissions-Policy', value: permissionsPolicy },
    { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
    ...(options.production ? [{ key: 'Strict-Transport-Security', value: strictTransportSecurity }] : []),
  ];
}

/** JSON is never a document: nothing may load, run or frame it. */
export const apiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

export interface PagePolicyOptions {
  /**
   * The per-response nonce of a dynamically rendered page. Null for a page a shared cache holds (the
   * feed's head): one copy is served to everyone, so no nonce can stay secret; Next's inline
   * bootstrap scripts are then allowed as inline scripts (docs/security.md).
   */
  nonce: string | null;
  /** Origins images come from besides this one (the asset host, ImageKit): `https://host[:port]`. */
  imageOrigins: readonly string[];
  /** `next dev` evaluates code for its overlay and needs `'unsafe-eval'`. */
  development: boolean;
}

export function contentSecurityPolicy({ nonce, imageOrigins, development }: PagePolicyOptions): string {
  const images = imageOrigins.join(' ');
  const scripts = [
    "'self'",
    // 'strict-dynamic': the chunks Next's runtime loads are trusted through the nonced bootstrap.
    ...(nonce ? [`'nonce-${nonce}'`, "'strict-dynamic'"] : ["'unsafe-inline'"]),
    ...(development ? ["'unsafe-eval'"] : []),
  ];
  const directives = [
    "default-src 'self'",
    `script-src ${scripts.join(' ')}`,
    // Row transforms and card sizes are inline style attributes.
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${images ? ` ${images}` : ''}`,
    `connect-src 'self'${images ? ` ${images}` : ''}`,
    "font-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  return directives.join('; ');
}

/** The origin of a configured base URL, or null when there is none or it is not a URL. */
export function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
