import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { mulberry32 } from '@/drizzle/demo/prng';
import type { OutputFormat } from '@/lib/images/ladder';
import { ENCODER_SETTINGS, type EncoderSettings } from '@/lib/transform/transform-image';

/**
 * Times the whole cold path (decode a JPEG original, orient, resize, encode) per encoder effort on
 * synthetic photo-like sources, and prints markdown tables for docs/transform.md.
 *
 *   node --conditions=react-server --import tsx tests/bench/measure-efforts.ts \
 *     [--reps N] [--quick] [--sweep-only] [--dump DIR]
 *
 * Sources are drawn, not downloaded: soft gradients and shapes for structure, fractal value noise for
 * texture at every scale, and per-pixel grain, which is what makes encoders work hard on real photos.
 */

/**
 * The cold path of the app's transform (lib/transform/transform-image.ts: auto-orient, resize, encode)
 * with the encoder settings as a parameter, which the product's function deliberately does not have.
 */
async function transformImage(
  source: Uint8Array,
  request: { width: number; quality: number; format: OutputFormat },
  settings: EncoderSettings,
): Promise<{ bytes: Buffer }> {
  const resized = sharp(source, { failOn: 'error', sequentialRead: true })
    .rotate()
    .resize({ width: request.width, fit: 'cover', withoutEnlargement: true });
  const { quality } = request;
  const encoded = {
    avif: () =>
      resized.avif({
        quality: Math.max(1, Math.round(quality * settings.avifQualityScale)),
        effort: settings.avifEffort,
        chromaSubsampling: settings.avifChromaSubsampling,
      }),
    webp: () => resized.webp({ quality, effort: settings.webpEffort }),
    jpeg: () => resized.jpeg({ quality, mozjpeg: settings.jpegMozjpeg }),
    png: () => resized.png({ compressionLevel: settings.pngCompressionLevel }),
  }[request.format]();
  return { bytes: await encoded.toBuffer() };
}

const SOURCE_WIDTH = 2048;
const SOURCE_HEIGHT = 1536;
const WIDTHS = [640, 1280] as const;
const QUALITY = 75;

interface SourceStyle {
  name: string;
  seed: number;
  /** Amplitude of the multi-scale texture and of the per-pixel grain, in 0..255 levels. */
  texture: number;
  grain: number;
  svg: (random: () => number) => string;
}

const W = SOURCE_WIDTH;
const H = SOURCE_HEIGHT;

/** `<tag k="v" …/>`; attributes are evaluated in source order, which keeps the drawings reproducible. */
function el(tag: string, attributes: Record<string, string | number>): string {
  const pairs = Object.entries(attributes).map(([key, value]) => `${key}="${value}"`);
  return `<${tag} ${pairs.join(' ')}/>`;
}

function svg(defs: string, body: string): string {
  const open = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">`;
  return `${open}<defs>${defs}</defs>${body}</svg>`;
}

const stops = (colors: Array<[number, string]>) =>
  colors.map(([offset, color]) => el('stop', { offset, 'stop-color': color })).join('');

function landscape(random: () => number): string {
  const ridges = [0.45, 0.6, 0.75]
    .map((base, i) => {
      const points: string[] = [];
      for (let x = 0; x <= W; x += 32) points.push(`${x},${(base + (random() - 0.5) * 0.12) * H}`);
      const shade = 60 + i * 40;
      return el('polygon', {
        points: `0,${H} ${points.join(' ')} ${W},${H}`,
        fill: `rgb(${shade / 2},${shade},${shade / 1.5})`,
      });
    })
    .join('');
  const sky = stops([
    [0, '#1e3c72'],
    [0.6, '#f6a96b'],
    [1, '#ffe0b0'],
  ]);
  return svg(
    `<linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">${sky}</linearGradient>` +
      '<filter id="b"><feGaussianBlur stdDeviation="6"/></filter>',
    el('rect', { width: W, height: H, fill: 'url(#sky)' }) +
      el('circle', { cx: W * 0.7, cy: H * 0.35, r: 90, fill: '#fff4d0', filter: 'url(#b)' }) +
      ridges,
  );
}

function portrait(random: () => number): string {
  const blobs = Array.from({ length: 14 }, () => {
    const hue = Math.floor(random() * 360);
    return el('ellipse', {
      cx: random() * W,
      cy: random() * H,
      rx: 80 + random() * 400,
      ry: 80 + random() * 300,
      fill: `hsl(${hue},70%,55%)`,
      opacity: 0.7,
    });
  }).join('');
  const skin = stops([
    [0, '#f3d2c1'],
    [1, '#2b1d3a'],
  ]);
  return svg(
    `<radialGradient id="g" cx="0.5" cy="0.45" r="0.7">${skin}</radialGradient>` +
      '<filter id="b"><feGaussianBlur stdDeviation="40"/></filter>',
    el('rect', { width: W, height: H, fill: 'url(#g)' }) +
      `<g filter="url(#b)">${blobs}</g>` +
      el('ellipse', { cx: W / 2, cy: H * 0.48, rx: 260, ry: 340, fill: '#e8b89a' }),
  );
}

function busy(random: () => number): string {
  const shapes = Array.from({ length: 400 }, () => {
    const hue = Math.floor(random() * 360);
    const x = random() * W;
    const y = random() * H;
    const r = 4 + random() * 60;
    return random() < 0.5
      ? el('circle', { cx: x, cy: y, r, fill: `hsl(${hue},60%,${30 + random() * 50}%)` })
      : el('rect', {
          x,
          y,
          width: r * 2,
          height: r,
          fill: `hsl(${hue},50%,${20 + random() * 60}%)`,
          transform: `rotate(${random() * 90} ${x} ${y})`,
        });
  }).join('');
  return svg('', el('rect', { width: W, height: H, fill: '#3a4a3f' }) + shapes);
}

/** Dense small detail, like leaves or hair: the hardest case for every encoder. */
function foliage(random: () => number): string {
  const leaves = Array.from({ length: 6000 }, () => {
    const x = random() * W;
    const y = random() * H;
    const green = 60 + random() * 140;
    const channel = (scale: number) => Math.floor(green * scale);
    return el('ellipse', {
      cx: x.toFixed(1),
      cy: y.toFixed(1),
      rx: (3 + random() * 14).toFixed(1),
      ry: (2 + random() * 6).toFixed(1),
      transform: `rotate(${Math.floor(random() * 180)} ${x.toFixed(1)} ${y.toFixed(1)})`,
      fill: `rgb(${channel(0.3 + random() * 0.5)},${channel(1)},${channel(random() * 0.4)})`,
    });
  }).join('');
  const ground = stops([
    [0, '#20381a'],
    [1, '#6b7a3a'],
  ]);
  return svg(
    `<linearGradient id="l" x1="0" y1="0" x2="1" y2="1">${ground}</linearGradient>`,
    el('rect', { width: W, height: H, fill: 'url(#l)' }) + leaves,
  );
}

const STYLES: SourceStyle[] = [
  { name: 'landscape', seed: 1, texture: 40, grain: 10, svg: landscape },
  { name: 'portrait', seed: 2, texture: 12, grain: 4, svg: portrait },
  { name: 'busy', seed: 3, texture: 36, grain: 14, svg: busy },
  { name: 'foliage', seed: 4, texture: 30, grain: 12, svg: foliage },
];

/** Sum of bilinear-upsampled random grids, each octave half the size and amplitude of the last. */
async function textureLayer(random: () => number, style: SourceStyle): Promise<Buffer> {
  const out = new Float32Array(W * H);
  for (let octave = 0; octave < 5; octave++) {
    const cell = 256 >> octave;
    const gw = Math.ceil(W / cell) + 1;
    const gh = Math.ceil(H / cell) + 1;
    const grid = Uint8Array.from({ length: gw * gh }, () => Math.floor(random() * 256));
    const up = await sharp(grid, { raw: { width: gw, height: gh, channels: 1 } })
      .resize(W, H, { kernel: 'linear', fit: 'fill' })
      .raw()
      .toBuffer();
    const amplitude = style.texture / 2 ** octave;
    for (let i = 0; i < out.length; i++) out[i]! += ((up[i]! - 128) / 128) * amplitude;
  }
  const rgb = Buffer.alloc(W * H * 3);
  for (let i = 0; i < out.length; i++) {
    for (let c = 0; c < 3; c++) {
      const grain = (random() + random() + random() - 1.5) * 2 * style.grain;
      rgb[i * 3 + c] = Math.max(0, Math.min(255, Math.round(128 + out[i]! + grain)));
    }
  }
  return rgb;
}

async function makeSource(style: SourceStyle): Promise<Buffer> {
  const random = mulberry32(style.seed);
  const base = await sharp(Buffer.from(style.svg(random)))
    .removeAlpha()
    .raw()
    .toBuffer();
  const texture = await textureLayer(random, style);
  // Additive texture around mid-grey keeps the picture's structure and gives it photographic entropy.
  const mixed = Buffer.alloc(base.length);
  for (let i = 0; i < base.length; i++) mixed[i] = Math.max(0, Math.min(255, base[i]! + texture[i]! - 128));
  return sharp(mixed, { raw: { width: W, height: H, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

interface Config {
  label: string;
  format: OutputFormat;
  effort: number | null;
  settings: EncoderSettings;
  group: 'avif' | 'webp' | 'extra';
}

function configs(quick: boolean): Config[] {
  const list: Config[] = [];
  // Each format's effort sweep: the same settings but the one effort knob.
  const sweeps = [
    { format: 'avif', efforts: quick ? [2, 3] : [0, 1, 2, 3, 4], knob: 'avifEffort' },
    { format: 'webp', efforts: quick ? [2, 4] : [0, 1, 2, 3, 4, 5, 6], knob: 'webpEffort' },
  ] as const;
  for (const { format, efforts, knob } of sweeps) {
    for (const effort of efforts) {
      list.push({
        label: `${format} e${effort}`,
        format,
        effort,
        group: format,
        settings: { ...ENCODER_SETTINGS, [knob]: effort },
      });
    }
  }
  const extra: Array<[string, OutputFormat, Partial<EncoderSettings>]> = [
    // Next 16's optimizer: avif({ quality: q·50/80, effort: 3 }) with sharp's default 4:4:4.
    ['avif Next (e3, 4:4:4)', 'avif', { avifEffort: 3, avifChromaSubsampling: '4:4:4' }],
    ['avif e2 4:4:4', 'avif', { avifEffort: 2, avifChromaSubsampling: '4:4:4' }],
    ['avif e2 q75 unscaled', 'avif', { avifEffort: 2, avifQualityScale: 1 }],
    ['webp Next (e4)', 'webp', { webpEffort: 4 }],
    ['jpeg mozjpeg', 'jpeg', { jpegMozjpeg: true }],
    ['jpeg libjpeg', 'jpeg', { jpegMozjpeg: false }],
  ];
  if (!quick) {
    for (const [label, format, overrides] of extra) {
      list.push({
        label,
        format,
        effort: null,
        group: 'extra',
        settings: { ...ENCODER_SETTINGS, ...overrides },
      });
    }
  }
  return list;
}

/** Luma (BT.601) of an 8-bit RGB(A) raw buffer. */
function luma(raw: Buffer, channels: number): Float64Array {
  const out = new Float64Array(raw.length / channels);
  for (let i = 0; i < out.length; i++) {
    const o = i * channels;
    out[i] = 0.299 * raw[o]! + 0.587 * raw[o + 1]! + 0.114 * raw[o + 2]!;
  }
  return out;
}

/**
 * Mean SSIM of luma over 8×8 blocks: bytes alone cannot rank efforts, since a faster effort may
 * spend the same bytes on a worse picture. Relative use only (a blockwise, unweighted SSIM).
 */
function ssim(a: Float64Array, b: Float64Array, width: number, height: number): number {
  const c1 = (0.01 * 255) ** 2;
  const c2 = (0.03 * 255) ** 2;
  let total = 0;
  let blocks = 0;
  for (let by = 0; by + 8 <= height; by += 8) {
    for (let bx = 0; bx + 8 <= width; bx += 8) {
      let sa = 0;
      let sb = 0;
      let saa = 0;
      let sbb = 0;
      let sab = 0;
      for (let y = by; y < by + 8; y++) {
        for (let x = bx; x < bx + 8; x++) {
          const va = a[y * width + x]!;
          const vb = b[y * width + x]!;
          sa += va;
          sb += vb;
          saa += va * va;
          sbb += vb * vb;
          sab += va * vb;
        }
      }
      const ma = sa / 64;
      const mb = sb / 64;
      const va = saa / 64 - ma * ma;
      const vb = sbb / 64 - mb * mb;
      const cov = sab / 64 - ma * mb;
      total += ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
      blocks++;
    }
  }
  return total / blocks;
}

/** SSIM (luma) and PSNR (RGB) of an encoded variant against the same resize kept lossless. */
async function variantQuality(
  source: Buffer,
  encoded: Uint8Array,
  width: number,
): Promise<{ ssim: number; psnr: number }> {
  const reference = await sharp(source)
    .rotate()
    .resize({ width })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const decoded = await sharp(encoded).raw().toBuffer({ resolveWithObject: true });
  const { width: w, height: h, channels } = reference.info;
  if (decoded.info.width !== w || decoded.info.height !== h || decoded.info.channels !== channels) {
    throw new Error('Shape mismatch in quality comparison');
  }
  let squaredError = 0;
  for (let i = 0; i < reference.data.length; i++)
    squaredError += (reference.data[i]! - decoded.data[i]!) ** 2;
  const psnr = 10 * Math.log10((255 * 255) / (squaredError / reference.data.length));
  const ssimValue = ssim(luma(reference.data, channels), luma(decoded.data, channels), w, h);
  return { ssim: ssimValue, psnr };
}

const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;
const columnsFor = (w: number) => `w${w} p50 ms | w${w} p95 ms | w${w} CPU ms | w${w} bytes | w${w} SSIM`;

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

const SWEEP_QUALITIES = [50, 60, 75, 85, 95] as const;

interface SweepVariant {
  label: string;
  settings: EncoderSettings;
}

type Curve = Array<{ quality: number; bytes: number; ssim: number; psnr: number }>;

/**
 * Bytes for the quality the reference variant reaches at q75, interpolated log-linearly between the
 * two sweep qualities that bracket it. NaN when the curve never gets there.
 */
function bytesForScore(curve: Curve, metric: 'ssim' | 'psnr', target: number): number {
  for (let i = 1; i < curve.length; i++) {
    const lo = curve[i - 1]!;
    const hi = curve[i]!;
    if (lo[metric] <= target && target <= hi[metric] && hi[metric] > lo[metric]) {
      const t = (target - lo[metric]) / (hi[metric] - lo[metric]);
      return Math.exp(Math.log(lo.bytes) + t * (Math.log(hi.bytes) - Math.log(lo.bytes)));
    }
  }
  return Number.NaN;
}

/**
 * Equal `q` is not equal quality across efforts (a faster effort may spend the same bytes on a worse
 * picture), so this ranks them by the bytes each needs to match the reference's quality at q75, by
 * two metrics (a poor man's BD-rate). Negative: smaller than the reference at equal quality.
 */
async function rateQualitySweep(
  sources: Buffer[],
  format: OutputFormat,
  variants: readonly SweepVariant[],
  referenceLabel: string,
): Promise<void> {
  const width = 640;
  const curves = new Map<string, Curve>();
  for (const variant of variants) {
    const curve: Curve = [];
    for (const quality of SWEEP_QUALITIES) {
      const point = { quality, bytes: 0, ssim: 0, psnr: 0 };
      for (const source of sources) {
        const produced = await transformImage(source, { width, quality, format }, variant.settings);
        const scores = await variantQuality(source, produced.bytes, width);
        point.bytes += produced.bytes.length / sources.length;
        point.ssim += scores.ssim / sources.length;
        point.psnr += scores.psnr / sources.length;
      }
      curve.push(point);
    }
    curves.set(variant.label, curve);
  }
  const reference = curves.get(referenceLabel)?.find((point) => point.quality === QUALITY);
  if (!reference) throw new Error(`No reference ${referenceLabel}`);
  const relative = (curve: Curve, metric: 'ssim' | 'psnr') => {
    const ratio = bytesForScore(curve, metric, reference[metric]) / reference.bytes - 1;
    return Number.isNaN(ratio) ? 'n/a' : `${ratio >= 0 ? '+' : ''}${(ratio * 100).toFixed(1)} %`;
  };
  console.log(
    `\n${format} w${width}: mean bytes / SSIM / PSNR per q; then the bytes needed to match ` +
      `${referenceLabel} at q${QUALITY} (SSIM ${reference.ssim.toFixed(4)}, ` +
      `PSNR ${reference.psnr.toFixed(2)} dB), relative to it`,
  );
  console.log(`| setting | ${SWEEP_QUALITIES.map((q) => `q${q}`).join(' | ')} | equal SSIM | equal PSNR |`);
  console.log(`| --- | ${SWEEP_QUALITIES.map(() => '---:').join(' | ')} | ---: | ---: |`);
  for (const [label, curve] of curves) {
    const cells = curve.map(
      (p) => `${Math.round(p.bytes).toLocaleString('en-US')} / ${p.ssim.toFixed(4)} / ${p.psnr.toFixed(2)}`,
    );
    console.log(
      `| ${label} | ${cells.join(' | ')} | ${relative(curve, 'ssim')} | ${relative(curve, 'psnr')} |`,
    );
  }
}

async function rateQualitySweeps(sources: Buffer[]): Promise<void> {
  const efforts = (format: 'avif' | 'webp', list: number[]) =>
    list.map((effort) => ({
      label: `${format} e${effort}`,
      settings: { ...ENCODER_SETTINGS, [format === 'avif' ? 'avifEffort' : 'webpEffort']: effort },
    }));
  await rateQualitySweep(sources, 'avif', efforts('avif', [0, 1, 2, 3, 4]), 'avif e3');
  await rateQualitySweep(sources, 'webp', efforts('webp', [0, 1, 2, 3, 4, 5, 6]), 'webp e4');
  await rateQualitySweep(
    sources,
    'jpeg',
    [
      { label: 'jpeg mozjpeg', settings: { ...ENCODER_SETTINGS, jpegMozjpeg: true } },
      { label: 'jpeg libjpeg', settings: { ...ENCODER_SETTINGS, jpegMozjpeg: false } },
    ],
    'jpeg mozjpeg',
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const repsArg = args.indexOf('--reps');
  const reps = repsArg >= 0 ? Number(args[repsArg + 1]) : quick ? 2 : 5;

  console.log(
    `sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}, aom ${sharp.versions.aom ?? '?'}, ` +
      `libwebp ${sharp.versions.webp ?? '?'}; sharp.concurrency() = ${sharp.concurrency()}; ` +
      `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}; node ${process.version}`,
  );
  const sources = await Promise.all(STYLES.map(makeSource));
  const dumpArg = args.indexOf('--dump');
  if (dumpArg >= 0) {
    const dir = args[dumpArg + 1] ?? '.';
    await Promise.all(sources.map((s, i) => writeFile(`${dir}/source-${STYLES[i]!.name}.jpg`, s)));
  }
  console.log(
    `sources: ${STYLES.map((s, i) => `${s.name} ${W}×${H} JPEG q90 ${kb(sources[i]!.length)}`).join(', ')}`,
  );
  if (args.includes('--sweep-only')) {
    await rateQualitySweeps(sources);
    return;
  }
  console.log(`${reps} timed runs per source after one warm-up, sequential (one transform at a time)\n`);
  const list = configs(quick);
  const timings = new Map<string, number[]>();
  const cpuTimes = new Map<string, number[]>();
  const similarity = new Map<string, number[]>();
  const bytes = new Map<string, number[]>();
  const id = (config: Config, width: number) => `${config.label}@${width}`;

  for (const config of list) {
    for (const width of WIDTHS) {
      for (const source of sources) {
        const produced = await transformImage(
          source,
          { width, quality: QUALITY, format: config.format },
          config.settings,
        );
        const key = id(config, width);
        bytes.set(key, [...(bytes.get(key) ?? []), produced.bytes.length]);
        const { ssim: score } = await variantQuality(source, produced.bytes, width);
        similarity.set(key, [...(similarity.get(key) ?? []), score]);
      }
    }
  }
  // Rounds interleave the configurations so drift (thermal, other load) spreads over all of them.
  for (let rep = 0; rep < reps; rep++) {
    for (const config of list) {
      for (const width of WIDTHS) {
        for (const source of sources) {
          const started = performance.now();
          const cpuStarted = process.cpuUsage();
          await transformImage(source, { width, quality: QUALITY, format: config.format }, config.settings);
          const cpu = process.cpuUsage(cpuStarted);
          const key = id(config, width);
          timings.set(key, [...(timings.get(key) ?? []), performance.now() - started]);
          cpuTimes.set(key, [...(cpuTimes.get(key) ?? []), (cpu.user + cpu.system) / 1000]);
        }
      }
    }
    process.stderr.write(`round ${rep + 1}/${reps} done\n`);
  }

  for (const group of ['avif', 'webp', 'extra'] as const) {
    const rows = list.filter((config) => config.group === group);
    if (rows.length === 0) continue;
    console.log(`\n| ${group === 'extra' ? 'setting' : 'effort'} | ${WIDTHS.map(columnsFor).join(' | ')} |`);
    console.log(`| --- | ${WIDTHS.map(() => '---: | ---: | ---: | ---: | ---:').join(' | ')} |`);
    for (const config of rows) {
      const cells = WIDTHS.map((width) => {
        const times = [...(timings.get(id(config, width)) ?? [])].sort((a, b) => a - b);
        const cpu = [...(cpuTimes.get(id(config, width)) ?? [])].sort((a, b) => a - b);
        const sizes = bytes.get(id(config, width)) ?? [];
        const meanBytes = sizes.reduce((sum, n) => sum + n, 0) / Math.max(1, sizes.length);
        const scores = similarity.get(id(config, width)) ?? [];
        const meanSsim = scores.reduce((sum, n) => sum + n, 0) / Math.max(1, scores.length);
        return [percentile(times, 50), percentile(times, 95), percentile(cpu, 50)]
          .map((ms) => ms.toFixed(0))
          .concat(Math.round(meanBytes).toLocaleString('en-US'), meanSsim.toFixed(4))
          .join(' | ');
      });
      console.log(`| ${config.label} | ${cells.join(' | ')} |`);
    }
  }
  console.log(
    `\nms: wall time of the whole transform (decode → encode); CPU ms: p50 of process CPU time during it; ` +
      `bytes and SSIM (luma, 8×8 blocks, against the lossless resize): mean over the ${sources.length} ` +
      `sources; q${QUALITY} (AVIF encoder quality = round(q × scale))`,
  );

  if (!quick) await rateQualitySweeps(sources);
}

await main();
