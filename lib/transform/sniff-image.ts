import 'server-only';

export type SniffedFormat = 'jpeg' | 'png' | 'webp' | 'avif';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function ascii(bytes: Uint8Array, start: number, length: number): string {
  if (bytes.length < start + length) return '';
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return bytes.length >= signature.length && signature.every((byte, i) => bytes[i] === byte);
}

/**
 * AVIF needs `avif` as the major or a compatible brand of the leading `ftyp` box: HEIC shares the
 * container (and usually the `mif1` brand), and sharp would happily decode it through the same loader.
 */
function isAvif(bytes: Uint8Array): boolean {
  if (ascii(bytes, 4, 4) !== 'ftyp') return false;
  const boxSize = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
  if (boxSize < 16 || boxSize > bytes.length) return false;
  if (ascii(bytes, 8, 4) === 'avif') return true;
  for (let offset = 16; offset + 4 <= boxSize; offset += 4) {
    if (ascii(bytes, offset, 4) === 'avif') return true;
  }
  return false;
}

/**
 * The format the leading bytes announce, or null for anything else. Checked before sharp sees the
 * bytes, so loaders the product never accepts (librsvg, GIF, TIFF, PDF, magick…) cannot be reached
 * by a file that happens to sit under `g/`, and checked again on the output so `Content-Type` names
 * what was really produced.
 */
export function sniffImage(bytes: Uint8Array): SniffedFormat | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, PNG_SIGNATURE)) return 'png';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'webp';
  if (isAvif(bytes)) return 'avif';
  return null;
}
