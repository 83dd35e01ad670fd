import 'server-only';
import sharp from 'sharp';
import { readPngChunks } from './png-chunks';
import type { ImageFormat } from './sniff-format';

/**
 * The bytes a published original is served as (`/o/`, and the source of every variant): the upload
 * without EXIF (GPS included), XMP, IPTC, comments, text chunks or anything appended after the image.
 * The pixels stay as uploaded: JPEG, PNG and WebP are rewritten container-deep, never re-encoded.
 * The ICC profile stays (colour, not personal data). Generation parameters go too: the ones the
 * curator publishes are on the detail page (docs/curation.md).
 *
 * Re-encoded (at high quality, oriented) only where dropping the metadata would change the picture or
 * where the container cannot be rewritten here: an EXIF orientation other than 1 (the pixels are
 * stored sideways), and AVIF that carries EXIF or XMP.
 */
export async function publicOriginal(bytes: Uint8Array, format: ImageFormat): Promise<Uint8Array> {
  const metadata = await sharp(bytes).metadata();
  if ((metadata.orientation ?? 1) !== 1) return reencode(bytes, format);
  switch (format) {
    case 'jpeg':
      return stripJpeg(bytes);
    case 'png':
      return stripPng(bytes);
    case 'webp':
      return stripWebp(bytes);
    case 'avif':
      return metadata.exif || metadata.xmp ? reencode(bytes, format) : bytes;
  }
}

async function reencode(bytes: Uint8Array, format: ImageFormat): Promise<Uint8Array> {
  const oriented = sharp(bytes, { failOn: 'error' }).rotate().keepIccProfile();
  const encoded = {
    jpeg: () => oriented.jpeg({ quality: 95, chromaSubsampling: '4:4:4' }),
    png: () => oriented.png({ compressionLevel: 9 }),
    webp: () => oriented.webp({ quality: 95 }),
    avif: () => oriented.avif({ quality: 80 }),
  }[format]();
  return new Uint8Array(await encoded.toBuffer());
}

const JPEG_SOS = 0xda;
const JPEG_EOI = 0xd9;
/** Segments a JPEG keeps before its scans: JFIF (APP0), the ICC profile (APP2), Adobe's colour transform (APP14) and every non-APP marker. */
function keepJpegSegment(marker: number, body: Uint8Array): boolean {
  if (marker === 0xe0 || marker === 0xee) return true;
  if (marker === 0xe2) return String.fromCharCode(...body.subarray(0, 12)) === 'ICC_PROFILE\0';
  // APP1 (EXIF, XMP), APP3–APP13, APP15, COM.
  return !((marker >= 0xe1 && marker <= 0xef) || marker === 0xfe);
}

/** Segment by segment up to the first scan, then the scans as they are, ending at EOI. */
export function stripJpeg(bytes: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [bytes.subarray(0, 2)];
  let offset = 2;
  while (offset + 4 <= bytes.length && bytes[offset] === 0xff) {
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset++; // fill byte
      continue;
    }
    if (marker === JPEG_SOS) break;
    const length = (bytes[offset + 2]! << 8) | bytes[offset + 3]!;
    const end = offset + 2 + length;
    if (length < 2 || end > bytes.length) break;
    if (keepJpegSegment(marker, bytes.subarray(offset + 4, end))) parts.push(bytes.subarray(offset, end));
    offset = end;
  }
  parts.push(bytes.subarray(offset, endOfScans(bytes, offset)));
  return concat(parts);
}

/** Where the image ends: after the EOI that closes the scans (entropy-coded 0xFF bytes are stuffed). */
function endOfScans(bytes: Uint8Array, from: number): number {
  for (let i = from; i + 1 < bytes.length; i++) {
    if (bytes[i] !== 0xff) continue;
    const next = bytes[i + 1]!;
    if (next === JPEG_EOI) return i + 2;
    // Markers with a body between scans (DHT, DQT, SOS, DRI…): skip the body so it is not scanned.
    if (next !== 0x00 && next !== 0xff && !(next >= 0xd0 && next <= 0xd7) && i + 3 < bytes.length) {
      i += 1 + ((bytes[i + 2]! << 8) | bytes[i + 3]!);
    }
  }
  return bytes.length;
}

/** Chunks that describe pixels, colour or animation; text, eXIf, tIME and unknown chunks go. */
const keptPngChunks = new Set([
  'IHDR',
  'PLTE',
  'IDAT',
  'IEND',
  'tRNS',
  'cHRM',
  'gAMA',
  'iCCP',
  'sBIT',
  'sRGB',
  'cICP',
  'mDCv',
  'cLLi',
  'bKGD',
  'pHYs',
  'acTL',
  'fcTL',
  'fdAT',
]);

export function stripPng(bytes: Uint8Array): Uint8Array {
  const chunks = readPngChunks(bytes).filter((chunk) => keptPngChunks.has(chunk.type));
  return concat([bytes.subarray(0, 8), ...chunks.map((chunk) => bytes.subarray(chunk.start, chunk.end))]);
}

const keptWebpChunks = new Set(['VP8 ', 'VP8L', 'VP8X', 'ALPH', 'ANIM', 'ANMF', 'ICCP']);
const VP8X_EXIF = 0x08;
const VP8X_XMP = 0x04;

/** RIFF chunks minus EXIF, XMP and unknown ones; the VP8X flags and the RIFF size follow. */
export function stripWebp(bytes: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const fourcc = String.fromCharCode(...bytes.subarray(offset, offset + 4));
    const size = new DataView(bytes.buffer, bytes.byteOffset + offset + 4, 4).getUint32(0, true);
    const end = Math.min(bytes.length, offset + 8 + size + (size % 2));
    if (keptWebpChunks.has(fourcc)) {
      const chunk = bytes.slice(offset, end);
      if (fourcc === 'VP8X' && chunk.length > 8) chunk[8] = chunk[8]! & ~(VP8X_EXIF | VP8X_XMP);
      parts.push(chunk);
    }
    offset = end;
  }
  const body = concat(parts);
  const header = bytes.slice(0, 12);
  new DataView(header.buffer).setUint32(4, 4 + body.length, true);
  return concat([header, body]);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
