import 'server-only';
import sharp, { type Metadata, type OutputInfo, type Sharp } from 'sharp';
import { formatContentTypes } from '@/lib/images/ladder';
import { sourceLimits } from '@/lib/images/source-limits';
import { readImageHeader } from '@/lib/ingest/read-image-header';
import { sniffImageFormat } from '@/lib/ingest/sniff-format';
import type { EncodedVariant, OutputFormat, VariantRequest } from './types';

/**
 * AVIF effort 2, measured with `tests/bench/measure-efforts.ts` (tables in docs/transform.md): a
 * whole cold w640 transform costs ~0.5× the CPU of Next's setting (effort 3, 4:4:4) and 0.45–0.7× of
 * effort 3, which the cold-transform target (≤ 0.7 × Next) needs; effort 3 even with 4:2:0 stays near
 * 0.8×. The price is compression: at equal q the file is 3–4 % larger and slightly softer (−0.005
 * SSIM, −0.3 dB), i.e. ~15–20 % larger at equal quality. Effort 1 is faster still but loses another
 * 3–6 %; effort 0 loses 40 %+. Raise to 3 if bytes ever matter more than cold latency.
 */
export const AVIF_EFFORT = 2;
/**
 * WebP effort 2, same measurement: as small as sharp's default 4 at equal quality (−12 % bytes by
 * SSIM, +1 % by PSNR) at 0.5–0.75× its time; 3 and 4 are the same, 5 and 6 only cost time.
 */
export const WEBP_EFFORT = 2;

/**
 * AVIF's quality scale is not JPEG's: AVIF q50 looks about like WebP/JPEG q80. The contract's `q`
 * is on the JPEG/WebP scale (as Cloudflare's `quality` is), so AVIF gets `q × 50/80`, the same
 * mapping Next's optimizer uses; q75 → 47. Passing 75 straight through measured 2.7–3.9× the bytes.
 */
export const AVIF_QUALITY_SCALE = 50 / 80;

/** A stuck or pathological decode must give its pool slot back; a cold w1280 AVIF measured ≤ 0.6 s p95. */
export const TRANSFORM_TIMEOUT_SECONDS = 20;

export interface EncoderSettings {
  avifEffort: number;
  /**
   * 4:2:0, what WebP and JPEG use anyway; sharp's AVIF default 4:4:4 measured 5 % larger and 1.3–1.4×
   * the CPU at effort 2 for the same luma quality.
   */
  avifChromaSubsampling: '4:2:0' | '4:4:4';
  avifQualityScale: number;
  webpEffort: number;
  /**
   * mozjpeg, as Next does: same bytes as Next at equal q for the rare JPEG fallback. It is 1.6–2.7×
   * slower than libjpeg; which one is smaller at equal quality depends on the metric (docs/transform.md).
   */
  jpegMozjpeg: boolean;
  pngCompressionLevel: number;
}

export const ENCODER_SETTINGS: Readonly<EncoderSettings> = Object.freeze({
  avifEffort: AVIF_EFFORT,
  avifChromaSubsampling: '4:2:0',
  avifQualityScale: AVIF_QUALITY_SCALE,
  webpEffort: WEBP_EFFORT,
  jpegMozjpeg: true,
  pngCompressionLevel: 6,
});

/** The pipeline itself failed: corrupt pixel data past a valid header, timeout, encoder error. */
export class TransformFailedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransformFailedError';
  }
}

/**
 * The output size for a source of `sourceWidth × sourceHeight` (already auto-oriented). Without a
 * height: `min(width, sourceWidth)` wide, height from the source's aspect (sharp rounds it). With a
 * height: the requested box, scaled down as a whole when it does not fit inside the source, so cover
 * keeps the requested aspect ratio and never enlarges a single pixel.
 */
export function outputBox(
  sourceWidth: number,
  sourceHeight: number,
  request: Pick<VariantRequest, 'width' | 'height'>,
): { width: number; height: number } {
  if (request.height === undefined) {
    const width = Math.min(request.width, sourceWidth);
    return { width, height: Math.max(1, Math.round((sourceHeight * width) / sourceWidth)) };
  }
  const scale = Math.min(1, sourceWidth / request.width, sourceHeight / request.height);
  return {
    width: Math.max(1, Math.min(sourceWidth, Math.round(request.width * scale))),
    height: Math.max(1, Math.min(sourceHeight, Math.round(request.height * scale))),
  };
}

function assertValidRequest(request: VariantRequest): void {
  const isSide = (n: number) => Number.isInteger(n) && n >= 1 && n <= sourceLimits.maxSide;
  if (!isSide(request.width) || (request.height !== undefined && !isSide(request.height))) {
    throw new TypeError(`Invalid variant size ${request.width}×${request.height ?? 'auto'}`);
  }
  if (!Number.isInteger(request.quality) || request.quality < 1 || request.quality > 100) {
    throw new TypeError(`Invalid variant quality ${request.quality}`);
  }
  if (!Object.hasOwn(formatContentTypes, request.format)) {
    throw new TypeError(`Invalid variant format ${String(request.format)}`);
  }
}

function encode(pipeline: Sharp, request: VariantRequest): Sharp {
  const settings = ENCODER_SETTINGS;
  switch (request.format) {
    case 'avif':
      return pipeline.avif({
        quality: Math.max(1, Math.round(request.quality * settings.avifQualityScale)),
        effort: settings.avifEffort,
        chromaSubsampling: settings.avifChromaSubsampling,
      });
    case 'webp':
      return pipeline.webp({ quality: request.quality, effort: settings.webpEffort });
    case 'jpeg':
      return pipeline.jpeg({ quality: request.quality, mozjpeg: settings.jpegMozjpeg });
    case 'png':
      // Lossless: PNG is only the fallback for alpha sources, and palette quantization bands photos.
      return pipeline.png({ compressionLevel: settings.pngCompressionLevel });
  }
}

/**
 * Resizes and encodes one variant. Checks happen in order of cost: byte length, signature, then the
 * header (dimensions, decoder), all before any pixel is decoded. Output is auto-oriented, converted
 * to sRGB and carries no metadata at all (no EXIF/GPS, XMP, IPTC or ICC profile): that is sharp's
 * default as long as nothing calls keepMetadata/keepExif/keepIccProfile/withMetadata, and the tests
 * hold it to that. Sources are checked by `readImageHeader` (ImageTooLargeError, UnsupportedImageError).
 */
export async function transformImage(source: Uint8Array, request: VariantRequest): Promise<EncodedVariant> {
  assertValidRequest(request);
  const { metadata } = await readImageHeader(source);
  return finish(resized(source, metadata, request), metadata, request);
}

/** Decoded (auto-oriented, shrink-on-load where the format has it) and resized to the request's box. */
function resized(
  source: Uint8Array,
  metadata: Metadata,
  request: Pick<VariantRequest, 'width' | 'height'>,
): Sharp {
  const oriented = metadata.autoOrient;
  const box = outputBox(oriented.width, oriented.height, request);
  return sharp(source, {
    limitInputPixels: sourceLimits.maxPixels,
    // Warnings (stray bytes, libpng's sRGB-profile nags) are common in real files and harmless;
    // errors, truncation included, would otherwise be cached for a year as a half-grey image.
    failOn: 'error',
    sequentialRead: true,
  })
    .timeout({ seconds: TRANSFORM_TIMEOUT_SECONDS })
    .rotate()
    .resize({
      width: box.width,
      height: request.height === undefined ? undefined : box.height,
      fit: 'cover',
      withoutEnlargement: true,
    });
}

/** Flattened for JPEG when the source has alpha, encoded, checked to be what was asked for. */
async function finish(pipeline: Sharp, metadata: Metadata, request: VariantRequest): Promise<EncodedVariant> {
  let encoder = pipeline;
  if (request.format === 'jpeg' && metadata.hasAlpha) {
    // JPEG has no alpha; unflattened, transparent pixels show whatever colour hides under them.
    encoder = encoder.flatten({ background: '#ffffff' });
  }
  encoder = encode(encoder, request);

  let output: { data: Buffer; info: OutputInfo };
  try {
    output = await encoder.toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw new TransformFailedError(`Transform failed: ${String(error)}`, { cause: error });
  }
  const produced: OutputFormat | null = sniffImageFormat(output.data);
  if (!produced) throw new TransformFailedError(`Encoder produced unrecognizable ${request.format} bytes`);
  return {
    bytes: output.data,
    format: produced,
    contentType: formatContentTypes[produced],
    width: output.info.width,
    height: output.info.height,
  };
}

/**
 * One width in several formats (a display set's row: lib/transform/display-set-maker.ts), decoding
 * and resizing the source once instead of once per format. The resized
 * pixels are what `transformImage` hands those encoders, so every result is byte for byte what
 * `transformImage` makes for the same request (transform-width.test.ts holds it to that on the
 * hostile corpus). PNG is shared only when the source declares no resolution: its encoder writes the
 * source's (pHYs), which the shared pixels no longer carry. An animated source takes every format on
 * its own, since its frames are read differently.
 */
export async function transformWidth(
  source: Uint8Array,
  request: { width: number; quality: number; formats: readonly OutputFormat[] },
): Promise<EncodedVariant[]> {
  const requests = request.formats.map((format) => ({
    width: request.width,
    quality: request.quality,
    format,
  }));
  for (const single of requests) assertValidRequest(single);
  const { metadata } = await readImageHeader(source);
  const animated = (metadata.pages ?? 1) > 1;
  const shareable = animated
    ? []
    : requests.filter((single) => single.format !== 'png' || metadata.density === undefined);
  let pixels: { data: Buffer; info: OutputInfo } | null = null;
  if (shareable.length > 1) {
    try {
      pixels = await resized(source, metadata, request).raw().toBuffer({ resolveWithObject: true });
    } catch (error) {
      throw new TransformFailedError(`Transform failed: ${String(error)}`, { cause: error });
    }
  }
  const results: EncodedVariant[] = [];
  for (const single of requests) {
    if (pixels && shareable.includes(single)) {
      const { width, height, channels } = pixels.info;
      const pipeline = sharp(pixels.data, { raw: { width, height, channels } }).timeout({
        seconds: TRANSFORM_TIMEOUT_SECONDS,
      });
      results.push(await finish(pipeline, metadata, single));
    } else {
      results.push(await finish(resized(source, metadata, single), metadata, single));
    }
  }
  return results;
}
