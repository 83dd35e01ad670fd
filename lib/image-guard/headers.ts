/**
 * Response headers for every outcome of an `/i/` request, shared by the Worker and the Node route so
 * that both runtimes cache the same things for the same time. Plain records: `new Headers(record)`
 * works in both.
 */

export type HeaderRecord = Readonly<Record<string, string>>;

/** A variant's bytes never change for a URL (sources are content-addressed), so: one year, immutable. */
export const immutableCacheControl = 'public, max-age=31536000, immutable';
/** Long enough to absorb a burst of requests for a missing object, short enough for a late publish. */
export const notFoundCacheControl = 'public, max-age=60';
export const noStoreCacheControl = 'no-store';

const textPlain = 'text/plain; charset=utf-8';

/**
 * Every answer may be read across origins: the app's pages load images from the asset host with
 * `crossorigin`, so its service worker sees real statuses (and never caches an error), and their
 * paint and load times are exposed to the page (LCP `renderTime`, resource timing) for measuring.
 * The images are public, and the Referer-based hotlink check does not depend on this.
 */
export const crossOriginReadable = {
  'Access-Control-Allow-Origin': '*',
  'Timing-Allow-Origin': '*',
} as const;

export function successHeaders(contentType: string): HeaderRecord {
  return {
    'Content-Type': contentType,
    'Cache-Control': immutableCacheControl,
    // The bytes depend on Accept (format negotiation); caches must key on it.
    Vary: 'Accept',
    'X-Content-Type-Options': 'nosniff',
    ...crossOriginReadable,
  };
}

export function notFoundHeaders(): HeaderRecord {
  return {
    'Content-Type': textPlain,
    'Cache-Control': notFoundCacheControl,
    'X-Content-Type-Options': 'nosniff',
    ...crossOriginReadable,
  };
}

/** Origin or transform failures: an outage must never be remembered as "missing" by any cache. */
export function errorHeaders(): HeaderRecord {
  return {
    'Content-Type': textPlain,
    'Cache-Control': noStoreCacheControl,
    'X-Content-Type-Options': 'nosniff',
    ...crossOriginReadable,
  };
}

/**
 * Hotlink refusals are not stored: caches key on the URL, not on Referer, so a stored 403 would be
 * replayed to the same browser when it later views the image on our own pages. Refusing is cheap (no
 * origin fetch, no transform), so caching it would save nothing worth that.
 */
export function forbiddenHeaders(): HeaderRecord {
  return errorHeaders();
}

export const allowedMethods = ['GET', 'HEAD'] as const;

export function methodNotAllowedHeaders(): HeaderRecord {
  return { ...errorHeaders(), Allow: allowedMethods.join(', ') };
}

/** 429 from the rate limiter, or 503 when a transform pool sheds load. */
export function retryLaterHeaders(retryAfterSeconds: number): HeaderRecord {
  return { ...errorHeaders(), 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) };
}
