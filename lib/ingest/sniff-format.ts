/**
 * Image format detection from magic bytes alone. A filename or a client-supplied Content-Type is
 * whatever the uploader says it is; the first bytes are what decoders (and browsers) will act on.
 * Pure: no Node APIs, so it can run anywhere.
 */
import { formatContentTypes, type OutputFormat } from '../images/ladder';

/** The formats the product accepts are exactly the ones it can serve. */
export type ImageFormat = OutputFormat;

export const FORMAT_INFO = {
  jpeg: { extension: 'jpg', contentType: formatContentTypes.jpeg },
  png: { extension: 'png', contentType: formatContentTypes.png },
  webp: { extension: 'webp', contentType: formatContentTypes.webp },
  avif: { extension: 'avif', contentType: formatContentTypes.avif },
} as const satisfies Record<ImageFormat, { extension: string; contentType: string }>;

export type ImageExtension = (typeof FORMAT_INFO)[ImageFormat]['extension'];

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function ascii(bytes: Uint8Array, start: number, length: number): string {
  if (bytes.length < start + length) return '';
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return bytes.length >= signature.length && signature.every((byte, i) => bytes[i] === byte);
}

/**
 * AVIF is an ISO-BMFF file whose leading `ftyp` box names `avif` as its major or a compatible brand.
 * HEIC shares the container (and often the `mif1` brand), so the container alone is not enough.
 */
function isAvif(bytes: Uint8Array): boolean {
  if (ascii(bytes, 4, 4) !== 'ftyp') return false;
  const boxSize = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
  if (boxSize < 16 || boxSize > bytes.length) return false;
  if (ascii(bytes, 8, 4) === 'avif') return true;
  // Compatible brands follow the major brand (8..12) and the minor version (12..16).
  for (let offset = 16; offset + 4 <= boxSize; offset += 4) {
    if (ascii(bytes, offset, 4) === 'avif') return true;
  }
  return false;
}

/** The format the bytes really are, or null when they are none of the accepted ones. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, PNG_SIGNATURE)) return 'png';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'webp';
  if (isAvif(bytes)) return 'avif';
  return null;
}
