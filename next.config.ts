import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // PGlite loads its WASM and data files from its own package folder; bundling it breaks that.
  serverExternalPackages: ['@electric-sql/pglite', 'sharp', '@node-rs/argon2'],
  poweredByHeader: false,
  reactStrictMode: true,
  // `npm run typecheck` checks the whole project (tests and Worker included) in CI; the build skips
  // repeating it, which keeps the first `npm start` on 2 cores about half a minute shorter.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
