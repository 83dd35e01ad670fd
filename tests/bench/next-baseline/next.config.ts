import type { NextConfig } from 'next';
import { widthLadder } from '../../../lib/images/ladder';

/**
 * The benchmark's baseline: what a Next developer gets instead of /i/ — Next 16's built-in image
 * optimizer, AVIF and WebP on, at the same ladder widths, over the same originals (copied into
 * public/o/ by the benchmark). Its own app, so the product keeps the optimizer off.
 */
const nextConfig: NextConfig = {
  poweredByHeader: false,
  typescript: { ignoreBuildErrors: true },
  images: {
    formats: ['image/avif', 'image/webp'],
    deviceSizes: [...widthLadder],
    imageSizes: [],
    localPatterns: [{ pathname: '/o/**' }],
    // The feed pages use the default 75; the transform section compares encoders at 80 (transform-section.ts).
    qualities: [75, 80],
  },
};

export default nextConfig;
