/**
 * The hostile corpus (tests/hostile/corpus/, written by make-corpus.ts): for every file, what it is,
 * what sharp itself reads from it (so the file is proven to be what it claims, independently of the
 * product), what the upload route must answer, and what the `/i/` guard answers for it.
 *
 * Accepted files are published, then requested as `/i/w-640/<src>`. Rejected files never get a key,
 * so their raw bytes are planted in the public store as `g/<sha256>.<storedAs>`, as if a bad object
 * had landed there, and requested the same way.
 */

export type ProductFormat = 'jpeg' | 'png' | 'webp' | 'avif';
export type ProductExtension = 'jpg' | 'png' | 'webp' | 'avif';

/** What corpus.test.ts summarizes from `sharp(bytes).metadata()`; only the keys given are compared. */
export interface SharpView {
  format?: string;
  width?: number;
  height?: number;
  pages?: number;
  orientation?: number;
  space?: string;
  depth?: string;
  bitsPerSample?: number;
  channels?: number;
  compression?: string;
  isProgressive?: boolean;
  isPalette?: boolean;
  hasAlpha?: boolean;
  hasExif?: boolean;
  /** The EXIF block has a GPS IFD (tag 0x8825). */
  hasGps?: boolean;
  hasXmp?: boolean;
  hasIcc?: boolean;
}

interface CaseBase {
  file: string;
  what: string;
  /** sharp's view of the file, or a fragment of the error sharp throws reading its header. */
  sharpSees: SharpView | { error: string };
}

export interface AcceptedCase extends CaseBase {
  /** 201; width and height as displayed (after EXIF orientation). */
  ingest: { status: 201; format: ProductFormat; width: number; height: number };
  /**
   * `/i/w-640/…` → 200 for both Accepts; with `Accept: image/jpeg` the guard picks PNG for every
   * alpha-capable extension (png, webp, avif), since the edge decides from the key alone.
   */
  guard: { status: 200; jpegAcceptType: 'image/jpeg' | 'image/png' };
  /**
   * Colours visitors must see (sRGB, each channel within COLOUR_TOLERANCE) at points given as fractions
   * of the width and height, in every variant: proves orientation and colour conversion (CMYK, P3, 16
   * and 10 bit), which dimensions alone cannot.
   */
  colours?: { at: [number, number]; rgb: [number, number, number] }[];
  /** Frames the public original keeps: animations are published whole, variants show frame one. */
  publicPages?: number;
  /** Byte strings (chunk types, segment names) the metadata strip must leave in the public copy. */
  publicKeeps?: string[];
}

export type RejectionCode =
  | 'bad_request'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unprocessable_entity';

export interface RejectedCase extends CaseBase {
  ingest: { status: 400 | 413 | 415 | 422; code: RejectionCode };
  /** The planted key's extension, and the guard's exact status (always `Cache-Control: no-store`). */
  guard: { storedAs: ProductExtension; status: number };
}

export type CorpusCase = AcceptedCase | RejectedCase;

/** Lossy encoding of the corpus file and then of the variant moves a flat patch by a few levels. */
export const COLOUR_TOLERANCE = 20;
/** The orientation files' drawing as displayed: red top-left quadrant, the rest blue. */
const RED: [number, number, number] = [230, 20, 20];
const BLUE: [number, number, number] = [20, 20, 230];
const patch = (rgb: [number, number, number]) => [{ at: [0.25, 0.25] as [number, number], rgb }];

export const isAccepted = (c: CorpusCase): c is AcceptedCase => c.ingest.status === 201;

const jpegGuard = { status: 200, jpegAcceptType: 'image/jpeg' } as const;
const pngGuard = { status: 200, jpegAcceptType: 'image/png' } as const;

const orientationNames = [
  'none',
  'mirrored',
  'turned 180°',
  'flipped',
  'transposed',
  'turned 90° clockwise',
  'transversed',
  'turned 90° anticlockwise',
];

/** Orientation n: stored sideways (5–8) or mirrored, displayed 300×200 with red at the top left. */
const orientationCases: AcceptedCase[] = orientationNames.map((name, i) => {
  const n = i + 1;
  const sideways = n >= 5;
  return {
    file: `orientation-${n}.jpg`,
    what: `JPEG with EXIF orientation ${n} (${name}), stored ${sideways ? '200×300' : '300×200'}`,
    sharpSees: { format: 'jpeg', orientation: n, width: sideways ? 200 : 300, height: sideways ? 300 : 200 },
    ingest: { status: 201, format: 'jpeg', width: 300, height: 200 },
    guard: jpegGuard,
    colours: [
      { at: [0.25, 0.25], rgb: RED },
      { at: [0.75, 0.25], rgb: BLUE },
      { at: [0.25, 0.75], rgb: BLUE },
      { at: [0.75, 0.75], rgb: BLUE },
    ],
  };
});

export const corpusCases: CorpusCase[] = [
  ...orientationCases,
  {
    file: 'exif-gps.jpg',
    what: 'phone-style JPEG: EXIF Make/Model and GPS position, XMP creator',
    sharpSees: { format: 'jpeg', width: 640, height: 480, hasExif: true, hasGps: true, hasXmp: true },
    ingest: { status: 201, format: 'jpeg', width: 640, height: 480 },
    guard: jpegGuard,
  },
  {
    file: 'progressive.jpg',
    what: 'progressive JPEG, 1200×800 (the variant is downscaled)',
    sharpSees: { format: 'jpeg', width: 1200, height: 800, isProgressive: true },
    ingest: { status: 201, format: 'jpeg', width: 1200, height: 800 },
    guard: jpegGuard,
  },
  {
    file: 'cmyk.jpg',
    what: 'CMYK JPEG (Adobe APP14), top-left quadrant sRGB (210, 140, 100)',
    sharpSees: { format: 'jpeg', space: 'cmyk', channels: 4, width: 400, height: 300 },
    ingest: { status: 201, format: 'jpeg', width: 400, height: 300 },
    guard: jpegGuard,
    colours: patch([210, 140, 100]),
    publicKeeps: ['Adobe'],
  },
  {
    file: 'display-p3.jpg',
    what: 'Display P3 JPEG (ICC profile), 800×600, top-left quadrant sRGB pure red stored as P3',
    sharpSees: { format: 'jpeg', hasIcc: true, width: 800, height: 600 },
    ingest: { status: 201, format: 'jpeg', width: 800, height: 600 },
    guard: jpegGuard,
    colours: patch([255, 0, 0]),
  },
  {
    file: 'rgb-16bit.png',
    what: '16-bit-per-channel RGB PNG, top-left quadrant (40, 170, 90)',
    sharpSees: { format: 'png', depth: 'ushort', bitsPerSample: 16, width: 320, height: 240 },
    ingest: { status: 201, format: 'png', width: 320, height: 240 },
    guard: pngGuard,
    colours: patch([40, 170, 90]),
  },
  {
    file: 'grey-alpha.png',
    what: 'greyscale + alpha PNG (2 channels)',
    sharpSees: { format: 'png', space: 'b-w', channels: 2, hasAlpha: true, width: 200, height: 150 },
    ingest: { status: 201, format: 'png', width: 200, height: 150 },
    guard: pngGuard,
  },
  {
    file: 'palette-trns.png',
    what: 'palette PNG with a tRNS chunk (transparent border)',
    sharpSees: { format: 'png', isPalette: true, hasAlpha: true, width: 160, height: 120 },
    ingest: { status: 201, format: 'png', width: 160, height: 120 },
    guard: pngGuard,
    publicKeeps: ['PLTE', 'tRNS'],
  },
  {
    file: 'interlaced.png',
    what: 'Adam7-interlaced PNG, 700×500',
    sharpSees: { format: 'png', isProgressive: true, width: 700, height: 500 },
    ingest: { status: 201, format: 'png', width: 700, height: 500 },
    guard: pngGuard,
  },
  {
    file: 'apng.png',
    what: 'animated PNG, 3 frames (acTL/fcTL/fdAT); libvips reads the default image only',
    sharpSees: { format: 'png', width: 120, height: 80 },
    ingest: { status: 201, format: 'png', width: 120, height: 80 },
    guard: pngGuard,
    publicKeeps: ['acTL', 'fcTL', 'fdAT'],
  },
  {
    file: 'animated.webp',
    what: 'animated WebP, 3 frames of 300×200',
    sharpSees: { format: 'webp', pages: 3, width: 300, height: 200 },
    ingest: { status: 201, format: 'webp', width: 300, height: 200 },
    guard: pngGuard,
    publicKeeps: ['ANIM', 'ANMF'],
    publicPages: 3,
  },
  {
    file: 'lossless-alpha.webp',
    what: 'lossless WebP with alpha, 960×640',
    sharpSees: { format: 'webp', hasAlpha: true, width: 960, height: 640 },
    ingest: { status: 201, format: 'webp', width: 960, height: 640 },
    guard: pngGuard,
  },
  {
    file: 'photo.avif',
    what: '8-bit AVIF, 800×600',
    sharpSees: { format: 'heif', compression: 'av1', bitsPerSample: 8, width: 800, height: 600 },
    ingest: { status: 201, format: 'avif', width: 800, height: 600 },
    guard: pngGuard,
  },
  {
    file: 'avif-10bit.avif',
    what: '10-bit AVIF, top-left quadrant (40, 170, 90)',
    sharpSees: { format: 'heif', compression: 'av1', bitsPerSample: 10, width: 400, height: 300 },
    ingest: { status: 201, format: 'avif', width: 400, height: 300 },
    guard: pngGuard,
    colours: patch([40, 170, 90]),
  },
  {
    file: 'one-pixel.png',
    what: '1×1 PNG',
    sharpSees: { format: 'png', width: 1, height: 1 },
    ingest: { status: 201, format: 'png', width: 1, height: 1 },
    guard: pngGuard,
  },
  {
    file: 'one-by-4000.png',
    what: '1×4000 PNG (extreme aspect, never enlarged)',
    sharpSees: { format: 'png', width: 1, height: 4000 },
    ingest: { status: 201, format: 'png', width: 1, height: 4000 },
    guard: pngGuard,
  },
  {
    file: 'jpeg-then-html.jpg',
    what: 'polyglot: a valid JPEG with an HTML page and <script> appended after EOI',
    sharpSees: { format: 'jpeg', width: 320, height: 240 },
    ingest: { status: 201, format: 'jpeg', width: 320, height: 240 },
    guard: jpegGuard,
  },
  {
    file: 'jpeg-comment-html.jpg',
    what: 'polyglot: a valid JPEG carrying an HTML page with <script> in a COM segment',
    sharpSees: { format: 'jpeg', width: 320, height: 240 },
    ingest: { status: 201, format: 'jpeg', width: 320, height: 240 },
    guard: jpegGuard,
  },
  {
    file: 'png-then-script.png',
    what: 'polyglot: a valid PNG with an HTML page and <script> appended after IEND',
    sharpSees: { format: 'png', width: 240, height: 160 },
    ingest: { status: 201, format: 'png', width: 240, height: 160 },
    guard: pngGuard,
  },

  {
    file: 'empty.png',
    what: 'zero bytes',
    sharpSees: { error: 'empty' },
    ingest: { status: 400, code: 'bad_request' },
    guard: { storedAs: 'png', status: 500 },
  },
  {
    file: 'truncated.jpg',
    what: 'grainy JPEG cut in half (header intact, scans cut)',
    sharpSees: { format: 'jpeg', width: 400, height: 300 },
    ingest: { status: 422, code: 'unprocessable_entity' },
    guard: { storedAs: 'jpg', status: 500 },
  },
  {
    file: 'truncated.png',
    what: 'grainy PNG cut in half (IDAT cut, no IEND)',
    sharpSees: { format: 'png', width: 200, height: 150 },
    ingest: { status: 422, code: 'unprocessable_entity' },
    guard: { storedAs: 'png', status: 500 },
  },
  {
    file: 'truncated.webp',
    what: 'lossy WebP cut in half (RIFF size runs past the end)',
    sharpSees: { error: 'unable to parse image' },
    ingest: { status: 422, code: 'unprocessable_entity' },
    guard: { storedAs: 'webp', status: 500 },
  },
  {
    file: 'truncated.avif',
    what: 'AVIF cut in half (meta box intact, mdat cut)',
    sharpSees: { format: 'heif', compression: 'av1', width: 400, height: 300 },
    ingest: { status: 422, code: 'unprocessable_entity' },
    guard: { storedAs: 'avif', status: 500 },
  },
  {
    file: 'jpeg-magic-only.jpg',
    what: 'the four bytes FF D8 FF E0 and nothing else',
    sharpSees: { error: 'premature end of JPEG image' },
    ingest: { status: 422, code: 'unprocessable_entity' },
    guard: { storedAs: 'jpg', status: 500 },
  },
  {
    file: 'flood-50000.png',
    what: 'pixel flood: 61-byte PNG whose IHDR declares 50000×50000',
    sharpSees: { error: 'exceeds pixel limit' },
    ingest: { status: 413, code: 'payload_too_large' },
    guard: { storedAs: 'png', status: 500 },
  },
  {
    file: 'flood-50000.jpg',
    what: 'pixel flood: a 16×16 JPEG whose SOF0 declares 50000×50000 (2.5 GP)',
    sharpSees: { error: 'exceeds pixel limit' },
    ingest: { status: 413, code: 'payload_too_large' },
    guard: { storedAs: 'jpg', status: 500 },
  },
  {
    file: 'flood-11000.jpg',
    what: 'pixel flood: a 16×16 JPEG whose SOF0 declares 11000×11000 (121 MP, sides within 12000)',
    sharpSees: { format: 'jpeg', width: 11000, height: 11000 },
    ingest: { status: 413, code: 'payload_too_large' },
    guard: { storedAs: 'jpg', status: 500 },
  },
  {
    file: 'flood-16383.webp',
    what: 'pixel flood: VP8L header declaring 16383×16383 over 64 junk bytes',
    sharpSees: { format: 'webp', width: 16383, height: 16383 },
    ingest: { status: 413, code: 'payload_too_large' },
    guard: { storedAs: 'webp', status: 500 },
  },
  {
    file: 'flood-20000.avif',
    what: 'pixel flood: a 64×64 AVIF whose ispe boxes declare 20000×20000',
    sharpSees: { error: 'exceeds pixel limit' },
    ingest: { status: 413, code: 'payload_too_large' },
    guard: { storedAs: 'avif', status: 500 },
  },
  {
    file: 'bomb-101mp.png',
    what: 'decompression bomb: valid 12 KB 1-bit PNG, 10100×10000 (101 MP) of black',
    sharpSees: { format: 'png', bitsPerSample: 1, width: 10100, height: 10000 },
    ingest: { status: 413, code: 'payload_too_large' },
    guard: { storedAs: 'png', status: 500 },
  },
  {
    file: 'wide-13000x1.png',
    what: 'valid 1-bit PNG 13000×1: few pixels, one side past 12000',
    sharpSees: { format: 'png', width: 13000, height: 1 },
    ingest: { status: 413, code: 'payload_too_large' },
    guard: { storedAs: 'png', status: 500 },
  },
  {
    file: 'webp-canvas-mismatch.webp',
    what: 'WebP whose VP8X canvas (8000×8000) disagrees with its 16×16 bitstream',
    sharpSees: { error: 'unable to parse image' },
    ingest: { status: 422, code: 'unprocessable_entity' },
    guard: { storedAs: 'webp', status: 500 },
  },
  {
    file: 'gif-js-polyglot.gif',
    what: 'polyglot: a valid 1×1 GIF that is also JavaScript (GIF89a/*…*/=1;alert(…))',
    sharpSees: { format: 'gif', width: 1, height: 1 },
    ingest: { status: 415, code: 'unsupported_media_type' },
    guard: { storedAs: 'png', status: 500 },
  },
  {
    file: 'html-with-png-magic.png',
    what: 'polyglot: PNG signature, then an HTML page with <script> (no IHDR)',
    sharpSees: { error: 'corrupt header' },
    ingest: { status: 422, code: 'unprocessable_entity' },
    guard: { storedAs: 'png', status: 500 },
  },
  {
    file: 'svg-named.jpg',
    what: 'an SVG with <script>, named .jpg',
    sharpSees: { format: 'svg', width: 10, height: 10 },
    ingest: { status: 415, code: 'unsupported_media_type' },
    guard: { storedAs: 'jpg', status: 500 },
  },
  {
    file: 'pdf-named.png',
    what: 'a PDF (%PDF-1.7 header), named .png',
    sharpSees: { error: 'unsupported image format' },
    ingest: { status: 415, code: 'unsupported_media_type' },
    guard: { storedAs: 'png', status: 500 },
  },
  {
    file: 'heic-brand.avif',
    what: 'ISO-BMFF ftyp with heic/mif1 brands (no avif brand), named .avif',
    sharpSees: { error: 'corrupt header' },
    ingest: { status: 415, code: 'unsupported_media_type' },
    guard: { storedAs: 'avif', status: 500 },
  },
  {
    file: 'avif-brand-garbage.avif',
    what: 'ftyp box with the avif brand, then HTML instead of boxes',
    sharpSees: { error: 'corrupt header' },
    ingest: { status: 422, code: 'unprocessable_entity' },
    guard: { storedAs: 'avif', status: 500 },
  },
  {
    file: 'plain.gif',
    what: 'an ordinary GIF (unsupported format)',
    sharpSees: { format: 'gif', width: 64, height: 48 },
    ingest: { status: 415, code: 'unsupported_media_type' },
    guard: { storedAs: 'png', status: 500 },
  },
  {
    file: 'bitmap.bmp',
    what: 'a 24-bit BMP (unsupported format; libvips has no loader for it)',
    sharpSees: { error: 'unsupported image format' },
    ingest: { status: 415, code: 'unsupported_media_type' },
    guard: { storedAs: 'png', status: 500 },
  },
  {
    file: 'scan.tif',
    what: 'a TIFF (unsupported format)',
    sharpSees: { format: 'tiff', width: 64, height: 48 },
    ingest: { status: 415, code: 'unsupported_media_type' },
    guard: { storedAs: 'jpg', status: 500 },
  },
  {
    file: 'notes.txt',
    what: 'a line of plain text',
    sharpSees: { error: 'unsupported image format' },
    ingest: { status: 415, code: 'unsupported_media_type' },
    guard: { storedAs: 'jpg', status: 500 },
  },
];
