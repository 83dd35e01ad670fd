import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
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
};

export default nextConfig;
