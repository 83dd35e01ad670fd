import 'server-only';
import sharp, { type Metadata } from 'sharp';
import { sourceLimits } from '@/lib/images/source-limits';
import { type ImageFormat, sniffImageFormat } from './sniff-format';

/** Past `sourceLimits`: too many bytes, a side too long, or too many pixels. */
export class ImageTooLargeError extends Error {
  constructor(
    readonly reason: 'bytes' | 'side' | 'pixels',
    message: string,
  ) {
    super(message);
    this.name = 'ImageTooLargeError';
  }
}

/** `format`: not JPEG, PNG, WebP or AVIF; `undecodable`: looks like one, but does not decode as one. */
export class UnsupportedImageError extends Error {
  constructor(
    readonly reason: 'format' | 'undecodable',
    message: string,
  ) {
    super(message);
    this.name = 'UnsupportedImageError';
  }
}

export interface ImageHeader {
  /** What the magic bytes say, confirmed by the decoder. */
  format: ImageFormat;
  metadata: Metadata;
}

/** libvips names AVIF "heif"; the AV1 compression is what tells it apart from HEIC. */
function decoderAgrees(sniffed: ImageFormat, metadata: Metadata): boolean {
  if (sniffed === 'avif') return metadata.format === 'heif' && metadata.compression === 'av1';
  return metadata.format === sniffed;
}

/**
 * The one check every source passes before a pixel is decoded, for uploads (ingest) and for the
 * `/i/` transform alike, cheapest first: byte length, magic bytes (so loaders the product never
 * accepts — SVG, GIF, TIFF, PDF, HEIC — are never reached), the header, the decoder agreeing with
 * the magic bytes, then sides and pixels against `sourceLimits` (orientation swaps width and height
 * but changes neither limit).
 */
export async function readImageHeader(bytes: Uint8Array): Promise<ImageHeader> {
  if (bytes.byteLength > sourceLimits.maxBytes) {
    throw new ImageTooLargeError(
      'bytes',
      `The image is ${bytes.byteLength} bytes; the limit is ${sourceLimits.maxBytes}`,
    );
  }
  const format = sniffImageFormat(bytes);
  if (!format) throw new UnsupportedImageError('format', 'Not a JPEG, PNG, WebP or AVIF image');
  // libspng refuses to read a header past its own limits, which would hide a pixel flood as "corrupt":
  // PNG's dimensions sit at a fixed place, so they are checked before the decoder sees the file.
  if (format === 'png' && bytes.length >= 24 && String.fromCharCode(...bytes.subarray(12, 16)) === 'IHDR') {
    const view = new DataView(bytes.buffer, bytes.byteOffset, 24);
    assertWithinLimits(view.getUint32(16), view.getUint32(20));
  }

  let metadata: Metadata;
  try {
    // Reading a header decodes no pixels: sharp's own pixel limit (268 MP) would turn a flood past it
    // into "corrupt" (422) before our limit below answers 413. The decode later keeps the limit.
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw new UnsupportedImageError('undecodable', `Cannot read the ${format} header: ${String(error)}`);
  }
  if (!decoderAgrees(format, metadata)) {
    const decoder = metadata.compression ? `${metadata.format}/${metadata.compression}` : metadata.format;
    throw new UnsupportedImageError('format', `The bytes start like ${format} but decode as ${decoder}`);
  }
  const { width, height } = metadata;
  if (!width || !height) throw new UnsupportedImageError('undecodable', 'The header has no dimensions');
  assertWithinLimits(width, height);
  return { format, metadata };
}

function assertWithinLimits(width: number, height: number): void {
  if (width > sourceLimits.maxSide || height > sourceLimits.maxSide) {
    throw new ImageTooLargeError(
      'side',
      `The image is ${width}×${height}; the limit is ${sourceLimits.maxSide} px per side`,
    );
  }
  if (width * height > sourceLimits.maxPixels) {
    throw new ImageTooLargeError(
      'pixels',
      `The image is ${width}×${height}; the limit is ${sourceLimits.maxPixels / 1e6} MP`,
    );
  }
}
