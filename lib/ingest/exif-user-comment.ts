/**
 * Reads EXIF's UserComment (tag 0x9286 in the Exif IFD), where Automatic1111 and other tools store
 * generation parameters in JPEG and WebP files. Pure, bounds-checked TIFF walking: a malformed block
 * gives null, never an exception.
 */
const EXIF_POINTER = 0x8769;
const USER_COMMENT = 0x9286;
const MAX_COMMENT_BYTES = 1024 * 1024;

interface Reader {
  u16(offset: number): number;
  u32(offset: number): number;
  littleEndian: boolean;
}

function tiffReader(tiff: Uint8Array): Reader | null {
  if (tiff.length < 8) return null;
  const order = String.fromCharCode(tiff[0]!, tiff[1]!);
  if (order !== 'II' && order !== 'MM') return null;
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const littleEndian = order === 'II';
  return {
    littleEndian,
    u16: (offset) => view.getUint16(offset, littleEndian),
    u32: (offset) => view.getUint32(offset, littleEndian),
  };
}

/** The value field (offset, count) of `tag` in the IFD at `ifd`, or null. */
function findEntry(tiff: Uint8Array, read: Reader, ifd: number, tag: number) {
  if (ifd + 2 > tiff.length) return null;
  const entries = read.u16(ifd);
  for (let i = 0; i < entries; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.length) return null;
    if (read.u16(entry) !== tag) continue;
    const count = read.u32(entry + 4);
    // Values of four bytes or less sit in the entry itself.
    const valueOffset = count <= 4 ? entry + 8 : read.u32(entry + 8);
    return { count, valueOffset };
  }
  return null;
}

function decodeUtf16(bytes: Uint8Array, littleEndian: boolean): string {
  return new TextDecoder(littleEndian ? 'utf-16le' : 'utf-16be').decode(bytes);
}

/** Control characters other than line breaks and tabs: a wrongly guessed byte order is full of them. */
function oddCharacters(text: string): number {
  let odd = 0;
  for (const character of text) {
    const code = character.codePointAt(0)!;
    if (
      (code < 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) ||
      (code >= 0xd800 && code <= 0xdfff)
    )
      odd++;
  }
  return odd;
}

function decodeComment(value: Uint8Array, littleEndian: boolean): string | null {
  const charset = String.fromCharCode(...value.subarray(0, 8)).replace(/\0+$/, '');
  const body = value.subarray(8);
  let text: string;
  if (charset === 'UNICODE') {
    // The spec says TIFF byte order; some writers (piexif, used by Automatic1111) always write big-endian.
    const asOrdered = decodeUtf16(body, littleEndian);
    const asOther = decodeUtf16(body, !littleEndian);
    text = oddCharacters(asOther) < oddCharacters(asOrdered) ? asOther : asOrdered;
  } else if (charset === 'ASCII' || charset === '') {
    text = new TextDecoder('utf-8').decode(body);
  } else {
    return null;
  }
  const trimmed = text.replace(/\0+$/, '').trim();
  return trimmed === '' ? null : trimmed;
}

/** `exif` as sharp's metadata gives it (an "Exif\0\0" header, then TIFF), or bare TIFF. */
export function readExifUserComment(exif: Uint8Array | undefined): string | null {
  if (!exif) return null;
  const tiff = String.fromCharCode(...exif.subarray(0, 6)) === 'Exif\0\0' ? exif.subarray(6) : exif;
  const read = tiffReader(tiff);
  if (!read) return null;
  const pointer = findEntry(tiff, read, read.u32(4), EXIF_POINTER);
  if (!pointer || pointer.valueOffset + 4 > tiff.length) return null;
  const exifIfd = read.u32(pointer.valueOffset);
  const comment = findEntry(tiff, read, exifIfd, USER_COMMENT);
  if (!comment || comment.count < 8 || comment.count > MAX_COMMENT_BYTES) return null;
  if (comment.valueOffset + comment.count > tiff.length) return null;
  return decodeComment(
    tiff.subarray(comment.valueOffset, comment.valueOffset + comment.count),
    read.littleEndian,
  );
}
