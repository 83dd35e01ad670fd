import { crc32 } from 'node:zlib';
import sharp, { type Color, type Sharp } from 'sharp';

/** Small real images for the tests, made with sharp so every test reads real encoder output. */

export function solid(
  width: number,
  height: number,
  background: Color = { r: 120, g: 140, b: 160 },
  channels: 3 | 4 = 3,
): Sharp {
  return sharp({ create: { width, height, channels, background } });
}

let distinct = 0;
/**
 * A small image no other call in this process made (its size and colour change every time), so each
 * upload is new bytes, a new content hash: what tests that must not meet an earlier upload send.
 */
export function distinctImage(format: 'jpeg' | 'png'): Promise<Buffer> {
  distinct++;
  const image = solid(100 + distinct, 80, { r: (distinct * 53) % 256, g: (distinct * 29) % 256, b: 140 });
  return format === 'jpeg' ? image.jpeg().toBuffer() : image.png().toBuffer();
}

export async function jpeg(width: number, height: number): Promise<Buffer> {
  return solid(width, height).jpeg({ quality: 80 }).toBuffer();
}

/** Left half red, right half blue, so orientation and crops can be checked from pixels. */
export async function halves(width: number, height: number): Promise<Sharp> {
  const half = Math.floor(width / 2);
  const right = await solid(width - half, height, { r: 0, g: 0, b: 255 })
    .png()
    .toBuffer();
  return solid(width, height, { r: 255, g: 0, b: 0 }).composite([{ input: right, left: half, top: 0 }]);
}

/** RGB of one pixel of an encoded image. */
export async function pixel(bytes: Uint8Array, x: number, y: number): Promise<[number, number, number]> {
  const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  const offset = (y * info.width + x) * info.channels;
  return [data[offset]!, data[offset + 1]!, data[offset + 2]!];
}

/** One PNG chunk: length, type, body, CRC. */
export function pngChunk(type: string, body: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
}

/**
 * A PNG whose header claims `width × height` and whose pixel data is a few junk bytes: only a check
 * made from the header, before decoding, can give a clean answer for it.
 */
export function pngHeaderOnly(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, no filter method variants, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00])),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The PNG with extra chunks (tEXt by default) inserted right after IHDR, as generators write them. */
export function withPngChunks(
  png: Uint8Array,
  added: { type?: string; keyword: string; text: string }[],
): Buffer {
  const bytes = Buffer.from(png);
  const ihdrEnd = 8 + 12 + bytes.readUInt32BE(8);
  const inserted = added.map(({ type = 'tEXt', keyword, text }) =>
    pngChunk(
      type,
      type === 'iTXt'
        ? Buffer.concat([Buffer.from(`${keyword}\0\0\0\0\0`, 'latin1'), Buffer.from(text, 'utf8')])
        : Buffer.from(`${keyword}\0${text}`, type === 'tEXt' ? 'latin1' : 'utf8'),
    ),
  );
  return Buffer.concat([bytes.subarray(0, ihdrEnd), ...inserted, bytes.subarray(ihdrEnd)]);
}

/** What a phone writes into a photograph: its make and model, and where it was taken. */
export const phoneExif = {
  IFD0: { Make: 'PhoneMaker', Model: 'Phone 12', Software: 'Camera 1.0' },
  IFD3: {
    GPSLatitudeRef: 'N',
    GPSLatitude: '48/1 51/1 2964/100',
    GPSLongitudeRef: 'E',
    GPSLongitude: '2/1 17/1 4020/100',
  },
};
/** An XMP packet naming the author. */
export const authorXmp =
  '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
  '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="Jane Doe"/></rdf:RDF></x:xmpmeta>';

/** A JPEG as a phone would write it: EXIF with GPS position, an XMP packet and a comment. */
export async function jpegWithGps(width: number, height: number): Promise<Buffer> {
  return solid(width, height, { r: 40, g: 90, b: 160 })
    .jpeg({ quality: 85 })
    .withExif(phoneExif)
    .withXmp(authorXmp)
    .toBuffer();
}
