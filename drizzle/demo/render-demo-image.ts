import 'server-only';
import sharp from 'sharp';
import { DEMO_PALETTES, type DemoGeneration, type DemoStyle } from './demo-metadata';
import { abstract } from './draw-abstract';
import { geometric } from './draw-geometric';
import { landscape } from './draw-landscape';
import { planet } from './draw-planet';
import { addGrain } from './film-grain';
import { createPrng } from './prng';
import type { Canvas, Drawing } from './svg-drawing';

/**
 * Draws a demo generation: an SVG per style (rasterized by sharp's bundled librsvg), scaled up to
 * the generation's size, with a film grain so encoders see photo-like entropy, then encoded to the
 * generation's format without metadata. Deterministic: the same generation gives the same bytes.
 *
 * Speed matters more than fidelity here (the seed renders over a thousand of these): soft styles are
 * rasterized at a half or a quarter of the output size and upscaled, which only makes soft shapes
 * smoother; only the crisp geometric style is drawn at full size. Soft edges come from gradients
 * that fade to transparent, never from SVG blur filters, which cost librsvg several times more
 * than everything else in a picture.
 */
export type DemoRenderInput = Pick<
  DemoGeneration,
  'seed' | 'style' | 'width' | 'height' | 'format' | 'palette' | 'scene'
>;

/** The picture's PRNG stream: its choices stay independent of the metadata's (0) and the grain's (2). */
const RENDER_STREAM = 1;

/** One drawing per style, each in its own file; they share only svg-drawing.ts. */
const STYLES: Record<DemoStyle, (canvas: Canvas) => Drawing> = { landscape, abstract, geometric, planet };

/**
 * The SVG for a generation, drawn in output pixels but sized to be rasterized at `scale` of the
 * output; exposed so tests and tools can inspect the drawing without encoding it.
 */
export function demoSvg(generation: DemoRenderInput): { svg: string; scale: number } {
  const palette = DEMO_PALETTES[generation.palette];
  if (!palette) throw new RangeError(`Unknown demo palette: ${generation.palette}`);
  const { width: w, height: h } = generation;
  const prng = createPrng(generation.seed, RENDER_STREAM);
  const { content, scale } = STYLES[generation.style]({
    w,
    h,
    min: Math.min(w, h),
    prng,
    colors: palette.colors,
    scene: generation.scene,
  });
  const rw = Math.max(1, Math.round(w * scale));
  const rh = Math.max(1, Math.round(h * scale));
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${rw}" height="${rh}" viewBox="0 0 ${w} ${h}" ` +
    `preserveAspectRatio="none">${content}</svg>`;
  return { svg, scale };
}

/** Renders a generation to encoded bytes in its own format, at its own size, without metadata. */
export async function renderDemoImage(generation: DemoRenderInput): Promise<Uint8Array> {
  const { width, height, format } = generation;
  const { svg } = demoSvg(generation);
  // Separate pipelines on purpose: given an SVG and a resize, sharp re-renders the SVG at the
  // target density, which throws away the cheap small rasterization (7x slower, measured).
  let raster = await sharp(Buffer.from(svg)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  if (raster.info.width !== width || raster.info.height !== height) {
    // Bilinear is half the cost of bicubic and indistinguishable on soft shapes under grain.
    raster = await sharp(raster.data, { raw: raster.info })
      .resize(width, height, { fit: 'fill', kernel: 'linear' })
      .raw()
      .toBuffer({ resolveWithObject: true });
  }
  addGrain(raster.data, width, height, generation.seed);
  const image = sharp(raster.data, { raw: { width, height, channels: 3 } });
  const encoded =
    format === 'jpeg'
      ? image.jpeg({ quality: 88, mozjpeg: false })
      : format === 'webp'
        ? image.webp({ quality: 85, effort: 2 })
        : image.png({ compressionLevel: 3, adaptiveFiltering: false });
  return new Uint8Array(await encoded.toBuffer());
}
