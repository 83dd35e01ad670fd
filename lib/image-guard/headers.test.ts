import { describe, expect, it } from 'vitest';
import {
  errorHeaders,
  forbiddenHeaders,
  methodNotAllowedHeaders,
  notFoundHeaders,
  retryLaterHeaders,
  successHeaders,
} from './headers';

describe('headers', () => {
  it('success: a year, immutable, varies on Accept', () => {
    expect(successHeaders('image/avif')).toEqual({
      'Content-Type': 'image/avif',
      'Cache-Control': 'public, max-age=31536000, immutable',
      Vary: 'Accept',
      'X-Content-Type-Options': 'nosniff',
      'Access-Control-Allow-Origin': '*',
      'Timing-Allow-Origin': '*',
    });
  });

  it('404: short shared cache, never immutable', () => {
    expect(notFoundHeaders()).toEqual({
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'public, max-age=60',
      'X-Content-Type-Options': 'nosniff',
      'Access-Control-Allow-Origin': '*',
      'Timing-Allow-Origin': '*',
    });
  });

  it('errors: no-store', () => {
    const noStore = {
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Access-Control-Allow-Origin': '*',
      'Timing-Allow-Origin': '*',
    };
    expect(errorHeaders()).toEqual(noStore);
    expect(forbiddenHeaders()).toEqual(noStore);
    expect(methodNotAllowedHeaders()).toEqual({ ...noStore, Allow: 'GET, HEAD' });
    expect(retryLaterHeaders(60)).toEqual({ ...noStore, 'Retry-After': '60' });
    expect(retryLaterHeaders(0.2)).toEqual({ ...noStore, 'Retry-After': '1' });
    expect(retryLaterHeaders(1.5)).toEqual({ ...noStore, 'Retry-After': '2' });
  });

  it('returns fresh objects (callers may spread and extend them)', () => {
    expect(successHeaders('image/png')).not.toBe(successHeaders('image/png'));
  });
});
