import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { proxy } from '@/proxy';
import { baseSecurityHeaders, contentSecurityPolicy, originOf } from './security-headers';

describe('contentSecurityPolicy', () => {
  it('a page rendered per request: its nonce and strict-dynamic, no inline scripts', () => {
    expect(contentSecurityPolicy({ nonce: 'abc', imageOrigins: [], development: false })).toBe(
      "default-src 'self'; script-src 'self' 'nonce-abc' 'strict-dynamic'; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; worker-src 'self'; " +
        "manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
  });

  it('the shared cached head: no nonce to keep secret, so inline scripts; the asset host for images', () => {
    expect(
      contentSecurityPolicy({
        nonce: null,
        imageOrigins: ['https://img.vitrine.example', 'https://ik.imagekit.io'],
        development: false,
      }),
    ).toBe(
      "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: blob: https://img.vitrine.example https://ik.imagekit.io; " +
        "connect-src 'self' https://img.vitrine.example https://ik.imagekit.io; font-src 'self'; worker-src 'self'; " +
        "manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
  });

  it("`next dev` adds 'unsafe-eval' and nothing else", () => {
    const production = contentSecurityPolicy({ nonce: 'n', imageOrigins: [], development: false });
    const development = contentSecurityPolicy({ nonce: 'n', imageOrigins: [], development: true });
    expect(development).toBe(production.replace("'strict-dynamic'", "'strict-dynamic' 'unsafe-eval'"));
  });
});

describe('baseSecurityHeaders', () => {
  it.each([
    [true, true],
    [false, false],
  ])('production %s → HSTS %s, and the same five headers either way', (production, hsts) => {
    const headers = Object.fromEntries(
      baseSecurityHeaders({ production }).map(({ key, value }) => [key, value]),
    );
    expect(headers).toEqual({
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
      'X-Frame-Options': 'DENY',
      'Permissions-Policy':
        'camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=(), interest-cohort=()',
      'Cross-Origin-Opener-Policy': 'same-origin',
      ...(hsts ? { 'Strict-Transport-Security': 'max-age=63072000; includeSubDomains' } : {}),
    });
  });
});

describe('originOf', () => {
  it.each([
    ['https://img.example.com/path/', 'https://img.example.com'],
    ['http://localhost:3100', 'http://localhost:3100'],
    ['', null],
    [undefined, null],
    ['not a url', null],
  ])('%s → %s', (url, origin) => {
    expect(originOf(url)).toBe(origin);
  });
});

describe('proxy.ts', () => {
  const policyOf = (response: Response) => response.headers.get('content-security-policy') ?? '';
  const nonceOf = (policy: string) => /'nonce-([^']+)'/.exec(policy)?.[1] ?? null;

  it('gives each dynamic page a fresh nonce, in the response and in the request Next renders', () => {
    const first = proxy(new NextRequest('http://localhost/g/0190f1b2-0000-7000-8000-000000000001'));
    const second = proxy(new NextRequest('http://localhost/studio'));
    const [a, b] = [nonceOf(policyOf(first)), nonceOf(policyOf(second))];
    expect(a).toMatch(/^[A-Za-z0-9+/=]{40,}$/);
    expect(b).not.toBe(a);
    // NextResponse.next carries the rewritten request headers for Next to render with.
    expect(first.headers.get('x-middleware-request-content-security-policy')).toBe(policyOf(first));
  });

  it.each(['http://localhost/', 'http://localhost/?q=', 'http://localhost/feed-head/latest'])(
    'serves the cached head %s without a nonce, and drops a policy the client sent',
    (url) => {
      const response = proxy(
        new NextRequest(url, { headers: { 'Content-Security-Policy': "script-src 'nonce-chosen'" } }),
      );
      expect(policyOf(response)).toContain("script-src 'self' 'unsafe-inline'");
      expect(nonceOf(policyOf(response))).toBeNull();
      expect(response.headers.get('x-middleware-request-content-security-policy')).toBeNull();
    },
  );

  it('a search is a cached head too: no nonce, rewritten to its own edition', () => {
    const response = proxy(new NextRequest('http://localhost/?q=dune&model=SDXL'));
    expect(nonceOf(policyOf(response))).toBeNull();
    expect(response.headers.get('x-middleware-rewrite')).toBe(
      `http://localhost/feed-head/f.${Buffer.from(JSON.stringify(['dune', 'SDXL', null, null])).toString('base64url')}`,
    );
  });

  it('a search that cannot be one is a plain 400 page', async () => {
    const response = proxy(new NextRequest(`http://localhost/?q=${'a'.repeat(201)}`));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('q must be at most 200 characters');
  });
});
