import 'server-only';
import { createHash } from 'node:crypto';
import { encode } from 'blurhash';
import sharp from 'sharp';
import { sourceLimits } from '@/lib/images/source-limits';
import { publishedKey } from '@/lib/images/storage-keys';
import { readImageHeader, UnsupportedImageError } from './read-image-header';
import { FORMAT_INFO, type ImageExtension, type ImageFormat } from './sniff-format';

export interface ImageAnalysis {
  /** Lower-case hex SHA-256 of the exact bytes: the storage key and the dedupe key. */
  sha256: string;
  format: ImageFormat;
  extension: ImageExtension;
  contentType: string;
  /** Dimensions as displayed, i.e. after EXIF auto-orientation. */
  width: number;
  height: number;
  bytes: number;
  hasAlpha: boolean;
  blurhash: string;
  /** The raw EXIF block, when the file has one: generation parameters may hide in its UserComment. */
  exif?: Uint8Array;
}

const BLURHASH_MAX_SIDE = 32;
/** A decode that takes longer is a hostile or broken file, not a picture (a 100 MP JPEG takes ~2 s). */
export const DECODE_TIMEOUT_SECONDS = 20;
/** Transparent pixels carry arbitrary RGB (often black); a neutral grey keeps them out of the hash. */
const BLURHASH_MATTE = '#808080';

/** Components follow the aspect so a blurhash cell stays roughly square. */
export function blurhashComponents(width: number, height: number): { x: number; y: number } {
  const ratio = width / height;
  if (ratio > 1.1) return { x: 4, y: 3 };
  if (ratio < 1 / 1.1) return { x: 3, y: 4 };
  return { x: 4, y: 4 };
}

async function computeBlurhash(bytes: Uint8Array, width: number, height: number): Promise<string> {
  // The downscale reads every source pixel: it is also the full decode that catches truncated files.
  const { data, info } = await sharp(bytes, {
    autoOrient: true,
    limitInputPixels: sourceLimits.maxPixels,
    failOn: 'error',
    sequentialRead: true,
  })
    .timeout({ seconds: DECODE_TIMEOUT_SECONDS })
    .resize(BLURHASH_MAX_SIDE, BLURHASH_MAX_SIDE, { fit: 'inside' })
    .flatten({ background: BLURHASH_MATTE })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { x, y } = blurhashComponents(width, height);
  const pixels = new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength);
  return encode(pixels, info.width, info.height, x, y);
}

/**
 * Everything ingest needs to know about an upload, read from the bytes themselves. Throws
 * UnsupportedImageError for anything that is not a decodable JPEG, PNG, WebP or AVIF, and
 * ImageTooLargeError past sourceLimits (both from `readImageHeader`, before any pixel is decoded).
 */
export async function analyzeImage(bytes: Uint8Array): Promise<ImageAnalysis> {
  const { format, metadata } = await readImageHeader(bytes);
  const { width, height } = metadata.autoOrient;

  let blurhash: string;
  try {
    blurhash = await computeBlurhash(bytes, width, height);
  } catch (error) {
    // A valid header over truncated or corrupt pixel data only fails here.
    throw new UnsupportedImageError(
      'undecodable',
      `Cannot decode ${format} pixels: ${(error as Error).message}`,
    );
  }

  return {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    format,
    extension: FORMAT_INFO[format].extension,
    contentType: FORMAT_INFO[format].contentType,
    width,
    height,
    bytes: bytes.byteLength,
    hasAlpha: metadata.hasAlpha,
    blurhash,
    ...(metadata.exif ? { exif: new Uint8Array(metadata.exif) } : {}),
  };
}

/**
 * The columns of a generation row that come from its image (published key, hash, size, placeholder).
 * The storage path is the published key from the start, drafts included (lib/images/storage-keys.ts).
 */
export function imageColumns(analysis: ImageAnalysis) {
  return {
    storageKey: publishedKey(analysis),
    sha256: analysis.sha256,
    width: analysis.width,
    height: analysis.height,
    blurhash: analysis.blurhash,
    format: analysis.format,
    bytes: analysis.bytes,
  };
}
