/**
 * Writes tests/hostile/corpus/: hostile and unusual images for corpus.test.ts, whose table
 * (corpus-cases.ts) says what each one is and what ingest and the image guard must do with it.
 *
 *   node --import tsx tests/hostile/make-corpus.ts
 *
 * Deterministic: no randomness but a seeded PRNG and no clock, so a rerun with the same sharp
 * (libvips, libheif, libwebp) writes the same bytes. The files are committed; rerun only to change
 * the corpus, and keep the table in step. Standalone on purpose (node + sharp, no app code), so a
 * bug in the product cannot shape the files that test it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp, { type Sharp } from 'sharp';
import { mulberry32 } from '../../drizzle/demo/prng';
import { authorXmp, phoneExif, pngChunk } from '../support/test-images';

const outDir = path.join(import.meta.dirname, 'corpus');

type Rgb = [number, number, number];

const clamp = (value: number) => Math.max(0, Math.min(255, Math.round(value)));

function rawRgb(width: number, height: number, colour: (x: number, y: number) => Rgb): Buffer {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set(colour(x, y), (y * width + x) * 3);
  }
  return data;
}

function fromRaw(data: Buffer, width: number, height: number, channels: 3 | 4 = 3): Sharp {
  return sharp(data, { raw: { width, height, channels } });
}

/**
 * Smooth gradients and waves: photo-like enough for encoders, small once compressed. `level` turns
 * each channel's value into a byte: rounded, or stepped into flat bands.
 */
function scene(width: number, height: number, level: (value: number) => number = clamp): Sharp {
  return fromRaw(
    rawRgb(width, height, (x, y) => [
      level((255 * x) / width),
      level(128 + 100 * Math.sin(x / 37) * Math.cos(y / 23)),
      level((255 * y) / height),
    ]),
    width,
    height,
  );
}

/** The scene in a few flat bands: lossless encoders (PNG, WebP lossless) keep it to a few KB. */
const flatScene = (width: number, height: number): Sharp =>
  scene(width, height, (value) => clamp(Math.round(value / 48) * 48));

/** A scene with grain: the entropy-coded data is dense, so a cut lands in the middle of pixel data. */
function grainyScene(width: number, height: number, seed: number): Sharp {
  const random = mulberry32(seed);
  return fromRaw(
    rawRgb(width, height, (x, y) => {
      const grain = (random() - 0.5) * 60;
      return [
        clamp((255 * x) / width + grain),
        clamp(128 + 90 * Math.sin(x / 17) + grain),
        clamp((255 * y) / height - grain),
      ];
    }),
    width,
    height,
  );
}

/**
 * The image with its top-left quadrant painted one sRGB colour, as a fresh pipeline (so a later colour
 * conversion — CMYK, P3, 16 bit — applies to the patch too): the table checks the colour visitors get.
 */
async function withPatch(image: Sharp, width: number, height: number, [r, g, b]: Rgb): Promise<Sharp> {
  const patch = {
    create: { width: width / 2, height: height / 2, channels: 3 as const, background: { r, g, b } },
  };
  return sharp(
    await image
      .composite([{ input: patch, left: 0, top: 0 }])
      .png()
      .toBuffer(),
  );
}

const RED: Rgb = [230, 20, 20];
const BLUE: Rgb = [20, 20, 230];

/**
 * Where a stored pixel lands once EXIF orientation `n` is applied for display (stored size sw × sh).
 * 2 mirrors, 3 turns 180°, 4 flips, 5 transposes, 6 turns 90° clockwise, 7 transverses, 8 turns 90°
 * anticlockwise.
 */
function displayedAt(n: number, x: number, y: number, sw: number, sh: number): [number, number] {
  switch (n) {
    case 2:
      return [sw - 1 - x, y];
    case 3:
      return [sw - 1 - x, sh - 1 - y];
    case 4:
      return [x, sh - 1 - y];
    case 5:
      return [y, x];
    case 6:
      return [sh - 1 - y, x];
    case 7:
      return [sh - 1 - y, sw - 1 - x];
    case 8:
      return [y, sw - 1 - x];
    default:
      return [x, y];
  }
}

/**
 * 300×200 as displayed, red top-left quadrant on blue, stored sideways/mirrored as orientation `n`
 * says: only a reader that applies the orientation sees red at the top left and a landscape image.
 */
async function oriented(n: number): Promise<Buffer> {
  const [width, height] = [300, 200];
  const [sw, sh] = n >= 5 ? [height, width] : [width, height];
  const data = rawRgb(sw, sh, (x, y) => {
    const [dx, dy] = displayedAt(n, x, y, sw, sh);
    return dx < width / 2 && dy < height / 2 ? RED : BLUE;
  });
  return fromRaw(data, sw, sh).jpeg({ quality: 90 }).withMetadata({ orientation: n }).toBuffer();
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function ihdr(width: number, height: number, bitDepth: number, colourType: number): Buffer {
  const body = Buffer.alloc(13);
  body.writeUInt32BE(width, 0);
  body.writeUInt32BE(height, 4);
  body.set([bitDepth, colourType, 0, 0, 0], 8);
  return pngChunk('IHDR', body);
}

/** Scanlines with filter type 0, deflated: a PNG's image data for 8-bit RGB. */
function idatData(width: number, height: number, colour: (x: number, y: number) => Rgb): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) row.set(colour(x, y), 1 + x * 3);
    rows.push(row);
  }
  return deflateSync(Buffer.concat(rows), { level: 9 });
}

/** A 1-bit greyscale PNG, all black: a few KB of deflate that inflate to width × height pixels. */
function blackBitmapPng(width: number, height: number): Buffer {
  const row = Buffer.alloc(1 + Math.ceil(width / 8));
  const raw = Buffer.alloc(row.length * height);
  return Buffer.concat([
    PNG_SIGNATURE,
    ihdr(width, height, 1, 0),
    pngChunk('IDAT', deflateSync(raw, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A PNG whose IHDR claims `width × height` over a few junk bytes of image data. */
function pngHeaderOnly(width: number, height: number): Buffer {
  return Buffer.concat([
    PNG_SIGNATURE,
    ihdr(width, height, 8, 2),
    pngChunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00])),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Three frames (red, green, blue squares moving right), the first one also the default image. */
function apng(): Buffer {
  const [width, height] = [120, 80];
  const frame = (index: number) =>
    idatData(width, height, (x, y) => {
      const inside = x >= 20 + index * 30 && x < 50 + index * 30 && y >= 25 && y < 55;
      const colour: Rgb = index === 0 ? [220, 30, 30] : index === 1 ? [30, 200, 30] : [30, 30, 220];
      return inside ? colour : [240, 240, 240];
    });
  const u32 = (...values: number[]) => {
    const out = Buffer.alloc(values.length * 4);
    for (const [i, value] of values.entries()) out.writeUInt32BE(value, i * 4);
    return out;
  };
  const fctl = (sequence: number) =>
    pngChunk(
      'fcTL',
      // sequence, width, height, x, y, delay 1/10 s, dispose none, blend source
      Buffer.concat([u32(sequence, width, height, 0, 0), Buffer.from([0, 1, 0, 10, 0, 0])]),
    );
  return Buffer.concat([
    PNG_SIGNATURE,
    ihdr(width, height, 8, 2),
    pngChunk('acTL', u32(3, 0)),
    fctl(0),
    pngChunk('IDAT', frame(0)),
    fctl(1),
    pngChunk('fdAT', Buffer.concat([u32(2), frame(1)])),
    fctl(3),
    pngChunk('fdAT', Buffer.concat([u32(4), frame(2)])),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

async function animatedWebp(): Promise<Buffer> {
  const frames = await Promise.all(
    [RED, BLUE, [20, 200, 20] as Rgb].map((colour) =>
      fromRaw(
        rawRgb(300, 200, () => colour),
        300,
        200,
      )
        .png()
        .toBuffer(),
    ),
  );
  return sharp(frames, { join: { animated: true } })
    .webp({ loop: 0, delay: [100, 100, 100] })
    .toBuffer();
}

/** Patches the first SOF0/SOF2 so the frame header declares `width × height` over the real scans. */
function jpegDeclaring(jpeg: Buffer, width: number, height: number): Buffer {
  const out = Buffer.from(jpeg);
  for (let i = 2; i + 9 < out.length; i++) {
    if (out[i] === 0xff && (out[i + 1] === 0xc0 || out[i + 1] === 0xc2)) {
      out.writeUInt16BE(height, i + 5);
      out.writeUInt16BE(width, i + 7);
      return out;
    }
  }
  throw new Error('no SOF marker');
}

/** The JPEG with a COM segment (FF FE) right after SOI: where JPEG/HTML polyglots hide their markup. */
function withJpegComment(jpeg: Buffer, text: string): Buffer {
  const body = Buffer.from(text, 'latin1');
  const head = Buffer.from([0xff, 0xfe, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), head, body, jpeg.subarray(2)]);
}

/** Rewrites every AVIF `ispe` (image spatial extents) box to claim `width × height`. */
function avifDeclaring(avif: Buffer, width: number, height: number): Buffer {
  const out = Buffer.from(avif);
  let patched = 0;
  for (let i = out.indexOf('ispe'); i !== -1; i = out.indexOf('ispe', i + 4)) {
    // box type, then version/flags (4 bytes), then width and height as u32.
    out.writeUInt32BE(width, i + 8);
    out.writeUInt32BE(height, i + 12);
    patched++;
  }
  if (patched === 0) throw new Error('no ispe box');
  return out;
}

function riff(chunks: Buffer[]): Buffer {
  const body = Buffer.concat([Buffer.from('WEBP'), ...chunks]);
  const head = Buffer.alloc(8);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
}

function riffChunk(fourcc: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(fourcc, 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body, body.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}

/** A lossless WebP whose VP8L header declares 16383 × 16383 (the format's maximum) over junk bits. */
function webpFlood(): Buffer {
  const bits = Buffer.alloc(5);
  bits[0] = 0x2f; // VP8L signature
  // 14 bits width - 1, 14 bits height - 1, 1 bit alpha, 3 bits version 0, little-endian bit order.
  const packed = (16382 | (16382 << 14)) >>> 0;
  bits.writeUInt32LE(packed, 1);
  return riff([riffChunk('VP8L', Buffer.concat([bits, Buffer.alloc(64, 0x55)]))]);
}

/** A VP8X header whose canvas (8000 × 8000) disagrees with the 16 × 16 bitstream inside it. */
async function webpCanvasMismatch(): Promise<Buffer> {
  const small = await scene(16, 16).webp({ lossless: true }).toBuffer();
  const vp8l = small.subarray(12);
  const vp8x = Buffer.alloc(10);
  vp8x.writeUIntLE(8000 - 1, 4, 3);
  vp8x.writeUIntLE(8000 - 1, 7, 3);
  return riff([riffChunk('VP8X', vp8x), vp8l]);
}

/** A 24-bit BMP (BITMAPINFOHEADER), bottom-up rows padded to 4 bytes. */
function bmp(width: number, height: number): Buffer {
  const rowBytes = Math.ceil((width * 3) / 4) * 4;
  const pixels = Buffer.alloc(rowBytes * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) pixels.set([x * 10, y * 10, 128], y * rowBytes + x * 3);
  }
  const header = Buffer.alloc(54);
  header.write('BM', 0, 'latin1');
  header.writeUInt32LE(54 + pixels.length, 2);
  header.writeUInt32LE(54, 10);
  header.writeUInt32LE(40, 14);
  header.writeInt32LE(width, 18);
  header.writeInt32LE(height, 22);
  header.writeUInt16LE(1, 26);
  header.writeUInt16LE(24, 28);
  header.writeUInt32LE(pixels.length, 34);
  return Buffer.concat([header, pixels]);
}

/**
 * GIF and JavaScript at once: `GIF89a/*` opens a JS comment that the GIF's own bytes sit inside;
 * after the GIF trailer `*\/` closes it and the script runs if a page ever loads this as a script.
 */
function gifScriptPolyglot(): Buffer {
  return Buffer.concat([
    Buffer.from('GIF89a/*', 'latin1'), // logical screen width 0x2a2f
    Buffer.from([0x0a, 0x00, 0x80, 0x00, 0x00]), // height 10, 2-colour global table
    Buffer.from([0, 0, 0, 255, 255, 255]),
    Buffer.from([0x2c, 0, 0, 0, 0, 0x01, 0, 0x01, 0, 0]), // one 1×1 image
    Buffer.from([0x02, 0x02, 0x44, 0x01, 0x00, 0x3b]),
    Buffer.from('*/=1;alert(document.domain);//', 'latin1'),
  ]);
}

const half = (bytes: Buffer) => bytes.subarray(0, Math.floor(bytes.length / 2));

const htmlPayload = '\n<html><body><script>alert(document.cookie)</script></body></html>\n';

/** Every file of the corpus, by name. The names and the table in corpus-cases.ts must match. */
async function buildCorpus(): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  const add = (name: string, bytes: Uint8Array) => files.set(name, bytes);

  for (let n = 1; n <= 8; n++) add(`orientation-${n}.jpg`, await oriented(n));
  add(
    'exif-gps.jpg',
    await scene(640, 480).jpeg({ quality: 80 }).withExif(phoneExif).withXmp(authorXmp).toBuffer(),
  );
  add('progressive.jpg', await scene(1200, 800).jpeg({ quality: 75, progressive: true }).toBuffer());
  add(
    'cmyk.jpg',
    await (await withPatch(scene(400, 300), 400, 300, [210, 140, 100]))
      .toColourspace('cmyk')
      .jpeg({ quality: 80 })
      .toBuffer(),
  );
  // sRGB's pure red is (234, 51, 35)-ish in P3: a reader that ignores the profile shows it dull.
  add(
    'display-p3.jpg',
    await (await withPatch(scene(800, 600), 800, 600, [255, 0, 0]))
      .jpeg({ quality: 80 })
      .withIccProfile('p3')
      .toBuffer(),
  );
  add(
    'rgb-16bit.png',
    await (await withPatch(flatScene(320, 240), 320, 240, [40, 170, 90]))
      .toColourspace('rgb16')
      .png()
      .toBuffer(),
  );
  add(
    'grey-alpha.png',
    await fromRaw(
      rawRgb(200, 150, (x, y) => [clamp(x), clamp(y), 0]),
      200,
      150,
    )
      .ensureAlpha(0.5)
      .toColourspace('b-w')
      .png()
      .toBuffer(),
  );
  add(
    'palette-trns.png',
    await sharp({
      create: { width: 160, height: 120, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .composite([
        {
          input: {
            create: { width: 80, height: 60, channels: 4, background: { r: 200, g: 40, b: 90, alpha: 1 } },
          },
          left: 40,
          top: 30,
        },
      ])
      .png({ palette: true })
      .toBuffer(),
  );
  add('interlaced.png', await flatScene(700, 500).png({ progressive: true, compressionLevel: 9 }).toBuffer());
  add('apng.png', apng());
  add('animated.webp', await animatedWebp());
  add(
    'lossless-alpha.webp',
    await flatScene(960, 640).ensureAlpha(0.75).webp({ lossless: true, effort: 6 }).toBuffer(),
  );
  add('photo.avif', await scene(800, 600).avif({ quality: 50, effort: 4 }).toBuffer());
  add(
    'avif-10bit.avif',
    await (await withPatch(scene(400, 300), 400, 300, [40, 170, 90]))
      .avif({ quality: 50, bitdepth: 10, effort: 4 })
      .toBuffer(),
  );
  add(
    'one-pixel.png',
    await sharp({ create: { width: 1, height: 1, channels: 3, background: '#3366cc' } })
      .png()
      .toBuffer(),
  );
  add('one-by-4000.png', await flatScene(1, 4000).png().toBuffer());
  add(
    'jpeg-then-html.jpg',
    Buffer.concat([await scene(320, 240).jpeg({ quality: 80 }).toBuffer(), Buffer.from(htmlPayload)]),
  );
  add(
    'jpeg-comment-html.jpg',
    withJpegComment(await scene(320, 240).jpeg({ quality: 80 }).toBuffer(), htmlPayload),
  );
  add(
    'png-then-script.png',
    Buffer.concat([await flatScene(240, 160).png().toBuffer(), Buffer.from(htmlPayload)]),
  );

  add('empty.png', new Uint8Array(0));
  add('truncated.jpg', half(await grainyScene(400, 300, 1).jpeg({ quality: 80 }).toBuffer()));
  add('truncated.png', half(await grainyScene(200, 150, 2).png().toBuffer()));
  add('truncated.webp', half(await grainyScene(400, 300, 3).webp({ quality: 80 }).toBuffer()));
  add('truncated.avif', half(await grainyScene(400, 300, 4).avif({ quality: 60, effort: 4 }).toBuffer()));
  add('jpeg-magic-only.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
  add('flood-50000.png', pngHeaderOnly(50_000, 50_000));
  add('flood-50000.jpg', jpegDeclaring(await scene(16, 16).jpeg().toBuffer(), 50_000, 50_000));
  add('flood-11000.jpg', jpegDeclaring(await scene(16, 16).jpeg().toBuffer(), 11_000, 11_000));
  add('flood-16383.webp', webpFlood());
  add('flood-20000.avif', avifDeclaring(await scene(64, 64).avif({ effort: 4 }).toBuffer(), 20_000, 20_000));
  add('bomb-101mp.png', blackBitmapPng(10_100, 10_000));
  add('wide-13000x1.png', blackBitmapPng(13_000, 1));
  add('webp-canvas-mismatch.webp', await webpCanvasMismatch());
  add('gif-js-polyglot.gif', gifScriptPolyglot());
  add('html-with-png-magic.png', Buffer.concat([PNG_SIGNATURE, Buffer.from(htmlPayload)]));
  add(
    'svg-named.jpg',
    Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
    ),
  );
  add(
    'pdf-named.png',
    Buffer.from('%PDF-1.7\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n'),
  );
  add(
    'heic-brand.avif',
    Buffer.concat([
      Buffer.from([0, 0, 0, 24]),
      Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1'),
      Buffer.alloc(64, 0x11),
    ]),
  );
  add(
    'avif-brand-garbage.avif',
    Buffer.concat([
      Buffer.from([0, 0, 0, 28]),
      Buffer.from('ftypavif\0\0\0\0avifmif1miaf', 'latin1'),
      Buffer.from(htmlPayload),
    ]),
  );
  add('plain.gif', await scene(64, 48).gif().toBuffer());
  add('bitmap.bmp', bmp(16, 12));
  add('scan.tif', await scene(64, 48).tiff().toBuffer());
  add('notes.txt', Buffer.from('not an image, just a few words of text\n'));
  return files;
}

const files = await buildCorpus();
fs.rmSync(outDir, { recursive: true, force: true });
fs.mkdirSync(outDir, { recursive: true });
let total = 0;
for (const [name, bytes] of files) {
  fs.writeFileSync(path.join(outDir, name), bytes);
  total += bytes.byteLength;
}
console.log(`wrote ${files.size} files, ${total} bytes, to ${path.relative(process.cwd(), outDir)}`);
