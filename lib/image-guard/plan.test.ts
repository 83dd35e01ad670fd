import { describe, expect, it } from 'vitest';
import type { ImageRequestInput } from './plan';
import { planImageRequest } from './plan';

const input = (overrides: Partial<ImageRequestInput>): ImageRequestInput => ({
  method: 'GET',
  pathname: '/i/w-640/g/abc.jpg',
  accept: 'image/avif,image/webp,*/*',
  referer: null,
  userAgent: null,
  ...overrides,
});
const own = { allowedHosts: ['vitrine.example'] };

describe('planImageRequest', () => {
  it('transform: normalized transform, negotiated format, variant key', () => {
    expect(planImageRequest(input({}), own)).toEqual({
      action: 'transform',
      storagePath: 'g/abc.jpg',
      transform: { width: 640, quality: 75, ratio: null, height: null },
      format: 'avif',
      variantKey: 'g/abc.jpg/w-640,q-75.avif',
      headOnly: false,
    });
  });

  it('HEAD is a transform without a body; the method is case-insensitive', () => {
    expect(planImageRequest(input({ method: 'head', accept: null }), own)).toMatchObject({
      action: 'transform',
      format: 'jpeg',
      headOnly: true,
    });
  });

  it('PNG only for alpha-capable sources without AVIF/WebP', () => {
    expect(planImageRequest(input({ pathname: '/i/w-640/g/a.png', accept: 'image/*' }), own)).toMatchObject({
      format: 'png',
      variantKey: 'g/a.png/w-640,q-75.png',
    });
  });

  it.each([
    ['POST', '/i/w-640/g/abc.jpg', null, 405, 'method-not-allowed'],
    ['OPTIONS', '/i/w-640/g/abc.jpg', null, 405, 'method-not-allowed'],
    ['POST', '/i/w-640/drafts/abc.jpg', null, 405, 'method-not-allowed'],
    ['GET', '/i/w-640/drafts/abc.jpg', 'https://evil.example/', 404, 'not-published'],
    ['GET', '/i/w-640/g/abc.jpg', 'https://evil.example/', 403, 'hotlink'],
  ] as const)('%s %s (Referer %s) → %d %s', (method, pathname, referer, status, reason) => {
    expect(planImageRequest(input({ method, pathname, referer }), own)).toMatchObject({
      action: 'respond',
      status,
      reason,
    });
  });

  it('exact responses', () => {
    expect(planImageRequest(input({ method: 'DELETE' }), own)).toEqual({
      headOnly: false,
      action: 'respond',
      status: 405,
      reason: 'method-not-allowed',
      headers: {
        'Content-Type': 'text/plain; charset=utf-8',
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        'Access-Control-Allow-Origin': '*',
        'Timing-Allow-Origin': '*',
        Allow: 'GET, HEAD',
      },
      body: 'Method not allowed',
    });
    expect(planImageRequest(input({ pathname: '/i/w-640/g/../x' }), own)).toEqual({
      headOnly: false,
      action: 'respond',
      status: 404,
      reason: 'bad-segment',
      headers: {
        'Content-Type': 'text/plain; charset=utf-8',
        'Cache-Control': 'public, max-age=60',
        'X-Content-Type-Options': 'nosniff',
        'Access-Control-Allow-Origin': '*',
        'Timing-Allow-Origin': '*',
      },
      body: 'Not found',
    });
    expect(planImageRequest(input({ referer: 'https://evil.example/' }), own)).toEqual({
      headOnly: false,
      action: 'respond',
      status: 403,
      reason: 'hotlink',
      headers: {
        'Content-Type': 'text/plain; charset=utf-8',
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        'Access-Control-Allow-Origin': '*',
        'Timing-Allow-Origin': '*',
      },
      body: 'Forbidden',
    });
  });

  it('a HEAD is head-only whatever the answer', () => {
    expect(planImageRequest(input({ method: 'HEAD' }), own)).toMatchObject({
      action: 'transform',
      headOnly: true,
    });
    expect(planImageRequest(input({ method: 'HEAD', pathname: '/i/w-640/drafts/a.jpg' }), own)).toMatchObject(
      {
        action: 'respond',
        status: 404,
        headOnly: true,
      },
    );
  });

  it('allowedHosts null skips hotlink protection', () => {
    expect(
      planImageRequest(input({ referer: 'https://evil.example/' }), { allowedHosts: null }),
    ).toMatchObject({ action: 'transform' });
  });
});
