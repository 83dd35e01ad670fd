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
const chrome = 'image/avif,image/webp,*/*';

describe('planImageRequest', () => {
  it('transform: normalized transform, negotiated format, variant key', () => {
    expect(planImageRequest(input({}), own)).toEqual({
      action: 'transform',
      storagePath: 'g/abc.jpg',
      transform: { width: 640, quality: 75, ratio: null, height: null },
      format: 'avif',
      variantKey: 'g/abc.jpg/w-640,q-75.avif',
      storedKey: 'v/g/abc.jpg/w-640,q-75.avif',
      edgeFormat: 'avif',
      headOnly: false,
    });
  });

  it.each([
    // Emitted (w-* at q-75, no ratio): the stored display variant is read first, in the negotiated format.
    ['/i/w-640/g/abc.jpg', chrome, 'v/g/abc.jpg/w-640,q-75.avif', 'avif', 'avif'],
    ['/i/w-1200/g/abc.jpg', chrome, 'v/g/abc.jpg/w-1280,q-75.avif', 'avif', 'webp'],
    ['/i/w-960/g/abc.jpg', chrome, 'v/g/abc.jpg/w-960,q-75.avif', 'avif', 'avif'],
    ['/i/w-1280/g/abc.jpg', chrome, 'v/g/abc.jpg/w-1280,q-75.avif', 'avif', 'webp'],
    ['/i/w-1920/g/abc.jpg', chrome, 'v/g/abc.jpg/w-1920,q-75.avif', 'avif', 'webp'],
    ['/i/w-1920,q-75/g/abc.jpg', 'image/webp', 'v/g/abc.jpg/w-1920,q-75.webp', 'webp', 'webp'],
    ['/i/w-1920/g/abc.jpg', 'image/avif', 'v/g/abc.jpg/w-1920,q-75.avif', 'avif', 'jpeg'],
    ['/i/w-1920/g/a.png', 'image/avif', 'v/g/a.png/w-1920,q-75.avif', 'avif', 'png'],
    ['/i/w-320/g/a.png', null, 'v/g/a.png/w-320,q-75.png', 'png', 'png'],
    ['/i/w-640,q-74/g/abc.jpg', chrome, 'v/g/abc.jpg/w-640,q-75.avif', 'avif', 'avif'],
    // Not emitted: made on request, never stored; AVIF only while both known sides fit 1,200 px.
    ['/i/w-640,q-80/g/abc.jpg', chrome, null, 'avif', 'avif'],
    ['/i/w-1920,q-80/g/abc.jpg', chrome, null, 'avif', 'webp'],
    ['/i/w-640,h-640/g/abc.jpg', chrome, null, 'avif', 'avif'],
    ['/i/w-960,h-1440/g/abc.jpg', chrome, null, 'avif', 'webp'],
    ['/i/w-960,h-1200/g/abc.jpg', chrome, null, 'avif', 'avif'],
    ['/i/w-1280,h-720/g/abc.jpg', 'image/webp', null, 'webp', 'webp'],
  ] as const)(
    '%s (Accept %s) → stored %s, format %s, edge %s',
    (pathname, accept, storedKey, format, edgeFormat) => {
      expect(planImageRequest(input({ pathname, accept }), own)).toMatchObject({
        action: 'transform',
        storedKey,
        format,
        edgeFormat,
      });
    },
  );

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
