/**
 * One variant cache file: `VRC1` + u32 big-endian header length + a JSON header
 * `{ key, contentType, length }` + the encoded bytes. The header makes a file self-describing
 * (content type without a sidecar, the key to check a read against), and `length` catches a file
 * cut short by a crash.
 */

const MAGIC = Buffer.from('VRC1', 'latin1');
const PREFIX_BYTES = 8;
const MAX_HEADER_BYTES = 16 * 1024;
export interface VariantFileHeader {
  key: string;
  contentType: string;
  length: number;
}

export function encodeHeader(header: VariantFileHeader): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const prefix = Buffer.alloc(PREFIX_BYTES);
  MAGIC.copy(prefix, 0);
  prefix.writeUInt32BE(json.length, 4);
  return Buffer.concat([prefix, json]);
}

/** The header and where the body starts, or null for anything that is not a whole cache file. */
export function decodeHeader(
  data: Buffer,
  fileSize: number,
): { header: VariantFileHeader; bodyStart: number } | null {
  if (data.length < PREFIX_BYTES || !data.subarray(0, 4).equals(MAGIC)) return null;
  const headerLength = data.readUInt32BE(4);
  if (headerLength > MAX_HEADER_BYTES || data.length < PREFIX_BYTES + headerLength) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data.toString('utf8', PREFIX_BYTES, PREFIX_BYTES + headerLength));
  } catch {
    return null;
  }
  const header = parsed as Partial<VariantFileHeader> | null;
  if (
    typeof header?.key !== 'string' ||
    typeof header.contentType !== 'string' ||
    typeof header.length !== 'number' ||
    PREFIX_BYTES + headerLength + header.length !== fileSize
  ) {
    return null;
  }
  return { header: header as VariantFileHeader, bodyStart: PREFIX_BYTES + headerLength };
}
