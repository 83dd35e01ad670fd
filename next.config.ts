import type { NextConfig } from 'next';
import { PHASE_DEVELOPMENT_SERVER } from 'next/constants';
import { FEED_HEAD_EXPIRE_SECONDS } from './lib/feed/feed-head';
import { apiContentSecurityPolicy, baseSecurityHeaders } from './lib/http/security-headers';

const nextConfig = (phase: string): NextConfig => ({
  // PGlite loads its WASM and data files from its own package folder; bundling it breaks that.
  serverExternalPackages: ['@electric-sql/pglite', 'sharp', '@node-rs/argon2'],
  poweredByHeader: false,
  reactStrictMode: true,
  // `npm run typecheck` checks the whole project (tests and Worker included) in CI; the build skips
  // repeating it, which keeps the first `npm start` on 2 cores about half a minute shorter.
  typescript: { ignoreBuildErrors: true },
  // The app never uses next/image: every image goes through /i/. This also turns Next's own
  // optimizer endpoint (/_next/image) off, a second sharp path with none of /i/'s limits. The
  // benchmark's baseline has its own Next app with it on (tests/bench/next-baseline).
  images: { unoptimized: true },
  // The feed's first page is cached (app/feed-head): `s-maxage=10, stale-while-revalidate=30`.
  expireTime: FEED_HEAD_EXPIRE_SECONDS,
  experimental: {
    // Rendered pages stay in this process's memory, never in .next: a page is made from this
    // server's database, and a build is shared by servers of other data directories (a second
    // `npm start`, the tests' own servers) and outlives restarts across a seed or a CLI publish.
    isrFlushToDisk: false,
  },
  // Static security headers on every answer Next gives; each page's CSP comes from proxy.ts.
  async headers() {
    return [
      { source: '/:path*', headers: baseSecurityHeaders({ production: phase !== PHASE_DEVELOPMENT_SERVER }) },
      {
        source: '/api/:path*',
        headers: [{ key: 'Content-Security-Policy', value: apiContentSecurityPolicy }],
      },
    ];
  },
});

export default nextConfig;
