import type { NextConfig } from 'next';
import { widthLadder } from './lib/images/ladder';

const nextConfig: NextConfig = {
  // PGlite loads its WASM and data files from its own package folder; bundling it breaks that.
  serverExternalPackages: ['@electric-sql/pglite', 'sharp', '@node-rs/argon2'],
  poweredByHeader: false,
  reactStrictMode: true,
  // `npm run typecheck` checks the whole project (tests and Worker included) in CI; the build skips
  // repeating it, which keeps the first `npm start` on 2 cores about half a minute shorter.
  typescript: { ignoreBuildErrors: true },
  // The app never uses next/image; this only lets `npm run bench` compare Next's optimizer with the
  // /i/ route on the same originals (/o/g/…), at the same ladder widths, with AVIF and WebP enabled.
  images: {
    formats: ['image/avif', 'image/webp'],
    deviceSizes: [...widthLadder],
    imageSizes: [],
    localPatterns: [{ pathname: '/o/g/**' }],
  },
};

export default nextConfig;
