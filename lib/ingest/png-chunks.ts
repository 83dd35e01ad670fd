import 'server-only';
import { inflateSync } from 'node:zlib';

/** PNG's chunk layout: 8-byte signature, then (length u32, type, data, CRC) until IEND. */
const SIGNATURE_BYTES = 8;

export interface PngChunk {
  type: string;
  /** Offset of the chunk's length field; the chunk spans `start` to `end` (CRC included). */
  start: number;
  end: number;
  data: Uint8Array;
}

/** Every chunk, in order; stops at IEND or at the first chunk that runs past the end. */
export function readPngChunks(bytes: Uint8Array): PngChunk[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: PngChunk[] = [];
  let offset = SIGNATURE_BYTES;
  while (offset + 12 <= bytes.length) {
    const length = view.getUint32(offset);
    const end = offset + 12 + length;
    if (end > bytes.length) break;
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    chunks.push({ type, start: offset, end, data: bytes.subarray(offset + 8, offset + 8 + length) });
    offset = end;
    if (type === 'IEND') break;
  }
  return chunks;
}

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

function inflate(data: Uint8Array, maxBytes: number): Uint8Array | null {
  try {
    return inflateSync(data, { maxOutputLength: maxBytes });
  } catch {
    return null;
  }
}

/**
 * The text of tEXt, zTXt and iTXt chunks by keyword (the first of each keyword wins). Compressed
 * text is inflated with a bound, so a zip bomb in a chunk costs at most `maxTextBytes`.
 */
export function readPngText(bytes: Uint8Array, maxTextBytes = 4 * 1024 * 1024): Map<string, string> {
  const texts = new Map<string, string>();
  for (const { type, data } of readPngChunks(bytes)) {
    if (type !== 'tEXt' && type !== 'zTXt' && type !== 'iTXt') continue;
    const nul = data.indexOf(0);
    if (nul <= 0) continue;
    const keyword = latin1.decode(data.subarray(0, nul));
    let text: string | null = null;
    if (type === 'tEXt') text = latin1.decode(data.subarray(nul + 1));
    else if (type === 'zTXt') {
      const inflated = inflate(data.subarray(nul + 2), maxTextBytes);
      text = inflated && latin1.decode(inflated);
    } else {
      // iTXt: keyword \0 compressed? method \0-terminated language \0-terminated translated keyword, text (UTF-8).
      const compressed = data[nul + 1] === 1;
      const language = data.indexOf(0, nul + 3);
      const translated = language < 0 ? -1 : data.indexOf(0, language + 1);
      if (translated < 0) continue;
      const body = data.subarray(translated + 1);
      const raw = compressed ? inflate(body, maxTextBytes) : body;
      text = raw && utf8.decode(raw);
    }
    if (text !== null && !texts.has(keyword)) texts.set(keyword, text);
  }
  return texts;
}
