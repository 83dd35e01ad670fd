import 'server-only';
import sharp from 'sharp';
import { DEMO_PALETTES, type DemoGeneration, type DemoPalette, type DemoStyle } from './demo-metadata';
import { createPrng, type Prng } from './prng';

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
  'seed' | 'style' | 'width' | 'height' | 'format' | 'palette'
>;

/** PRNG stream ids: the picture's random choices stay independent of the metadata's (stream 0). */
const RENDER_STREAM = 1;
const GRAIN_STREAM = 2;

type Rgb = readonly [number, number, number];
type Colors = DemoPalette['colors'];

function parseHex(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function toHex([r, g, b]: Rgb): string {
  const channel = (v: number) =>
    Math.round(Math.min(255, Math.max(0, v)))
      .toString(16)
      .padStart(2, '0');
  return `#${channel(r)}${channel(g)}${channel(b)}`;
}

function mix(a: string, b: string, t: number): string {
  const x = parseHex(a);
  const y = parseHex(b);
  return toHex([x[0] + (y[0] - x[0]) * t, x[1] + (y[1] - x[1]) * t, x[2] + (y[2] - x[2]) * t]);
}

/** Keeps SVG text short; sub-pixel precision beyond 0.1 is invisible. */
const n = (value: number) => (Math.round(value * 10) / 10).toString();

/** Midpoint displacement: a ridge line with detail at every scale, like eroded mountains. */
function ridge(prng: Prng, points: number, roughness: number): number[] {
  const size = 2 ** Math.ceil(Math.log2(points - 1)) + 1;
  const ys = new Array<number>(size).fill(0);
  ys[0] = prng.range(-0.5, 0.5);
  ys[size - 1] = prng.range(-0.5, 0.5);
  let step = size - 1;
  let amplitude = 0.5;
  while (step > 1) {
    const half = step / 2;
    for (let i = half; i < size; i += step) {
      ys[i] = (ys[i - half]! + ys[i + half]!) / 2 + prng.range(-amplitude, amplitude);
    }
    step = half;
    amplitude *= roughness;
  }
  return ys;
}

function ridgePath(ys: number[], width: number, baseY: number, amplitude: number, bottom: number): string {
  const dx = width / (ys.length - 1);
  const coords = ys.map((y, i) => `${n(i * dx)} ${n(baseY + y * amplitude)}`);
  return `M0 ${n(bottom)}L${coords.join('L')}L${n(width)} ${n(bottom)}Z`;
}

interface Canvas {
  w: number;
  h: number;
  min: number;
  prng: Prng;
  colors: Colors;
}

/** SVG content in output-pixel units, and the fraction of the output size to rasterize it at. */
interface Drawing {
  content: string;
  scale: number;
}

function landscape({ w, h, min, prng, colors: c }: Canvas): Drawing {
  const night = prng.chance(0.3);
  const horizon = h * prng.range(0.5, 0.66);
  const skyTop = night ? c[0] : c[1];
  const skyMid = night ? c[1] : c[2];
  const skyLow = night ? mix(c[2], c[3], 0.4) : prng.pick([c[3], c[4]]);
  const haze = mix(skyLow, skyMid, 0.25);
  const water = prng.chance(0.35);
  const waterLine = water ? horizon + (h - horizon) * prng.range(0.35, 0.55) : h;

  const defs: string[] = [
    `<linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${skyTop}"/>` +
      `<stop offset="${n(prng.range(0.3, 0.6) * (horizon / waterLine))}" stop-color="${skyMid}"/>` +
      `<stop offset="${n(horizon / waterLine)}" stop-color="${skyLow}"/></linearGradient>`,
  ];
  const body: string[] = [`<rect width="${w}" height="${n(waterLine)}" fill="url(#sky)"/>`];

  if (night) body.push(starfield(prng, prng.int(120, 260), w, horizon * 0.9, min, '#fffbe8', 1.6));

  const sunX = w * prng.range(0.2, 0.8);
  // A low sun sinks behind the far ridge; a high one clears it.
  const sunY = horizon - h * (prng.chance(0.45) ? prng.range(0.06, 0.16) : prng.range(0.2, 0.38));
  const sunR = min * prng.range(night ? 0.03 : 0.04, night ? 0.06 : 0.09);
  const sunColor = night ? '#f4f1e6' : mix(c[4], '#fffaf0', 0.5);
  defs.push(
    `<radialGradient id="glow">` +
      `<stop offset="0" stop-color="${sunColor}" stop-opacity="${night ? 0.35 : 0.7}"/>` +
      `<stop offset="1" stop-color="${sunColor}" stop-opacity="0"/></radialGradient>`,
  );
  body.push(`<circle cx="${n(sunX)}" cy="${n(sunY)}" r="${n(sunR * 7)}" fill="url(#glow)"/>`);
  body.push(`<circle cx="${n(sunX)}" cy="${n(sunY)}" r="${n(sunR)}" fill="${sunColor}"/>`);
  if (!night && prng.chance(0.35)) body.push(sunRays(prng, sunX, sunY, Math.hypot(w, h), sunColor));

  // Long soft clouds catch the sun's colour.
  const clouds: string[] = [];
  defs.push(softSpot('cloudA', mix(skyLow, sunColor, 0.5)), softSpot('cloudB', mix(skyMid, skyLow, 0.5)));
  for (let i = prng.int(3, 9); i > 0; i--) {
    const cy = prng.range(0.08, 0.9) * horizon;
    clouds.push(
      `<ellipse cx="${n(prng.range(-0.1, 1.1) * w)}" cy="${n(cy)}" rx="${n(w * prng.range(0.15, 0.5))}" ` +
        `ry="${n(min * prng.range(0.015, 0.06))}" fill="url(#cloud${prng.pick(['A', 'B'])})" ` +
        `opacity="${n(prng.range(0.35, 0.85))}"/>`,
    );
  }
  body.push(`<g>${clouds.join('')}</g>`);

  // Far layers fade into the haze, near layers darken: aerial perspective in a few flat shapes.
  const layers = prng.int(3, 5);
  const mountains: string[] = [];
  for (let i = 0; i < layers; i++) {
    const t = (i + 1) / layers;
    const color = mix(haze, c[0], t ** 0.8 * (night ? 0.95 : 0.88));
    const base = horizon - h * 0.1 + (waterLine - horizon) * 0.75 * (i / layers) + (water ? 0 : h * 0.06 * i);
    const amplitude = h * (i === 0 ? prng.range(0.2, 0.34) : prng.range(0.06, 0.2));
    const ys = ridge(prng, 129, i === 0 ? 0.58 : prng.range(0.45, 0.55));
    defs.push(
      `<linearGradient id="m${i}" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${color}"/>` +
        `<stop offset="1" stop-color="${mix(color, haze, 0.45 * (1 - t) + 0.1)}"/></linearGradient>`,
    );
    if (i > 0) mountains.push(fogBand(`f${i}`, defs, w, base - amplitude * 0.6, amplitude * 1.2, haze));
    mountains.push(`<path d="${ridgePath(ys, w, base, amplitude, waterLine)}" fill="url(#m${i})"/>`);
    if (i === layers - 1 && !water && prng.chance(0.6))
      mountains.push(trees(prng, ys, w, base, amplitude, c[0], min));
  }
  body.push(`<g id="land">${mountains.join('')}</g>`);

  if (water) {
    const waterColor = mix(skyLow, c[0], 0.45);
    defs.push(
      `<linearGradient id="water" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${waterColor}"/>` +
        `<stop offset="1" stop-color="${mix(c[0], waterColor, 0.3)}"/></linearGradient>`,
    );
    body.push(`<rect y="${n(waterLine)}" width="${w}" height="${n(h - waterLine)}" fill="url(#water)"/>`);
    body.push(
      `<g opacity="0.3" transform="translate(0 ${n(2 * waterLine)}) scale(1 -1)">` +
        `<use href="#land"/></g>`,
    );
    const shimmer: string[] = [];
    for (let i = prng.int(25, 50); i > 0; i--) {
      const y = waterLine + (h - waterLine) * prng.next() ** 1.5;
      const near = Math.abs(prng.range(-1, 1)) ** 2;
      const x = sunX + (prng.chance(0.6) ? near * sunR * 3 * (prng.chance(0.5) ? 1 : -1) : prng.range(-w, w));
      shimmer.push(
        `<rect x="${n(x - sunR)}" y="${n(y)}" width="${n(sunR * prng.range(0.5, 2.5))}" ` +
          `height="${n(Math.max(1, min * 0.003))}" opacity="${n(prng.range(0.2, 0.7))}"/>`,
      );
    }
    body.push(`<g fill="${sunColor}">${shimmer.join('')}</g>`);
  }

  return { content: svgContent(defs, body, vignette(w, h, 0.35)), scale: 0.5 };
}

/** A horizontal band of haze, densest in its middle: mist pooled in the valley behind a ridge. */
function fogBand(id: string, defs: string[], w: number, y: number, height: number, color: string): string {
  defs.push(
    `<linearGradient id="${id}" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${color}" ` +
      `stop-opacity="0"/><stop offset="0.6" stop-color="${color}" stop-opacity="0.55"/>` +
      `<stop offset="1" stop-color="${color}" stop-opacity="0"/></linearGradient>`,
  );
  return `<rect y="${n(y)}" width="${w}" height="${n(height)}" fill="url(#${id})"/>`;
}

/** Faint light shafts fanning out from the sun. */
function sunRays(prng: Prng, x: number, y: number, reach: number, color: string): string {
  const parts: string[] = [];
  const center = prng.range(0.3, 0.7) * Math.PI;
  for (let i = prng.int(5, 9); i > 0; i--) {
    const angle = center + prng.range(-0.7, 0.7);
    const spread = prng.range(0.01, 0.04);
    parts.push(
      `M${n(x)} ${n(y)}` +
        `L${n(x + Math.cos(angle - spread) * reach)} ${n(y + Math.sin(angle - spread) * reach)}` +
        `L${n(x + Math.cos(angle + spread) * reach)} ${n(y + Math.sin(angle + spread) * reach)}Z`,
    );
  }
  return `<path d="${parts.join('')}" fill="${color}" opacity="${n(prng.range(0.06, 0.12))}"/>`;
}

/**
 * Stars as a few paths (one per brightness) rather than one element each: librsvg's cost is per
 * element, and hundreds of circles cost more than the rest of the picture.
 */
function starfield(
  prng: Prng,
  count: number,
  w: number,
  h: number,
  min: number,
  color: string,
  skew: number,
) {
  const buckets: string[][] = [[], [], [], []];
  for (let i = 0; i < count; i++) {
    const x = prng.range(0, w);
    const y = prng.next() ** skew * h;
    const r = (prng.next() ** 4 * 1.8 + 0.5) * (min / 1000);
    buckets[prng.int(0, 3)]!.push(
      `M${n(x - r)} ${n(y)}a${n(r)} ${n(r)} 0 1 0 ${n(2 * r)} 0a${n(r)} ${n(r)} 0 1 0 ${n(-2 * r)} 0`,
    );
  }
  return buckets
    .map((d, i) => `<path d="${d.join('')}" fill="${color}" opacity="${n(0.3 + i * 0.23)}"/>`)
    .join('');
}

/** Pine silhouettes along the nearest ridge, for scale. */
function trees(
  prng: Prng,
  ys: number[],
  w: number,
  base: number,
  amp: number,
  color: string,
  min: number,
): string {
  const dx = w / (ys.length - 1);
  const parts: string[] = [];
  for (let i = 0; i < ys.length; i += prng.int(1, 3)) {
    if (prng.chance(0.35)) continue;
    const x = i * dx + prng.range(-dx, dx);
    const y = base + ys[i]! * amp + min * 0.01;
    const height = min * prng.range(0.03, 0.09);
    const half = height * 0.22;
    parts.push(`M${n(x)} ${n(y - height)}L${n(x + half)} ${n(y)}L${n(x - half)} ${n(y)}Z`);
  }
  return `<path d="${parts.join('')}" fill="${mix(color, '#000000', 0.2)}"/>`;
}

function abstract({ w, h, min, prng, colors: c }: Canvas): Drawing {
  const dark = prng.chance(0.6);
  const background = dark ? [c[0], c[1]] : [c[4], c[3]];
  const accents = dark ? [c[2], c[3], c[4], c[1]] : [c[1], c[2], c[2], c[0]];
  const defs = [
    `<linearGradient id="bg" x1="${n(prng.next())}" y1="0" x2="${n(prng.next())}" y2="1">` +
      `<stop offset="0" stop-color="${background[0]}"/><stop offset="1" stop-color="${background[1]}"/>` +
      `</linearGradient>`,
    ...accents.map((color, i) => softSpot(`a${i}`, color)),
  ];
  const body = [`<rect width="${w}" height="${h}" fill="url(#bg)"/>`];

  const blobs: string[] = [];
  for (let i = prng.int(9, 16); i > 0; i--) {
    blobs.push(
      `<ellipse cx="${n(prng.range(-0.1, 1.1) * w)}" cy="${n(prng.range(-0.1, 1.1) * h)}" ` +
        `rx="${n(min * prng.range(0.15, 0.5))}" ry="${n(min * prng.range(0.15, 0.5))}" ` +
        `fill="url(#a${prng.int(0, accents.length - 1)})" opacity="${n(prng.range(0.5, 1))}"/>`,
    );
  }
  body.push(`<g>${blobs.join('')}</g>`);

  const silk = prng.chance(0.55);
  if (silk) {
    for (let i = prng.int(1, 3); i > 0; i--) body.push(silkSheet(prng, w, h, min, accents, dark));
  }

  // A few bokeh discs in front give the eye something in focus.
  const bokeh: string[] = [];
  for (let i = prng.int(0, silk ? 4 : 10); i > 0; i--) {
    bokeh.push(
      `<circle cx="${n(prng.range(0, w))}" cy="${n(prng.range(0, h))}" ` +
        `r="${n(min * prng.range(0.01, 0.05))}" ` +
        `fill="${mix(prng.pick(accents), '#ffffff', 0.4)}" opacity="${n(prng.range(0.15, 0.45))}"/>`,
    );
  }
  body.push(`<g>${bokeh.join('')}</g>`);
  // Only the fine silk lines need the extra resolution; blobs are soft at any scale.
  return { content: svgContent(defs, body, vignette(w, h, dark ? 0.4 : 0.15)), scale: silk ? 0.5 : 0.25 };
}

/**
 * Many thin curves whose control points drift apart at different rates: together they read as a
 * twisting sheet of silk, brightest in its middle.
 */
function silkSheet(prng: Prng, w: number, h: number, min: number, accents: string[], dark: boolean): string {
  const lines = prng.int(30, 60);
  const horizontal = prng.chance(0.7);
  const along = horizontal ? w : h;
  const across = horizontal ? h : w;
  const start = prng.range(0.1, 0.9) * across;
  const points = [
    [-0.1 * along, start],
    [prng.range(0.2, 0.45) * along, prng.range(-0.3, 1.3) * across],
    [prng.range(0.55, 0.8) * along, prng.range(-0.3, 1.3) * across],
    [1.1 * along, start + prng.range(-0.5, 0.5) * across],
  ] as const;
  const drift = points.map(() => prng.range(-1, 1) * min * prng.range(0.005, 0.02));
  // Light lines glow on a dark ground; on a light ground they need to be darker than it.
  const from = dark ? prng.pick(accents) : mix(prng.pick(accents), '#000000', 0.2);
  const to = dark ? mix(prng.pick(accents), '#ffffff', 0.5) : prng.pick(accents);
  const parts: string[] = [];
  for (let i = 0; i < lines; i++) {
    const offset = i - lines / 2;
    const xy = points.map(([a, b], k) => {
      const shifted = b + drift[k]! * offset;
      return horizontal ? `${n(a)} ${n(shifted)}` : `${n(shifted)} ${n(a)}`;
    });
    const t = i / (lines - 1);
    parts.push(
      `<path d="M${xy[0]}C${xy[1]} ${xy[2]} ${xy[3]}" stroke="${mix(from, to, t)}" ` +
        `opacity="${n(0.2 + 0.7 * Math.sin(Math.PI * t))}"/>`,
    );
  }
  return `<g fill="none" stroke-width="${n(min * 0.0032)}">${parts.join('')}</g>`;
}

function geometric({ w, h, prng, colors: c }: Canvas): Drawing {
  const paper = c[4];
  const inks = [c[0], c[1], c[2], c[3]];
  const body = [`<rect width="${w}" height="${h}" fill="${paper}"/>`];
  const defs: string[] = [];
  if (prng.chance(0.65)) {
    const cols = prng.int(2, 5);
    const cell = w / cols;
    const rows = Math.ceil(h / cell);
    // Square cells rarely fit the height exactly: crop the overflow evenly at top and bottom.
    const top = (h - rows * cell) / 2;
    const gap = prng.chance(0.5) ? cell * 0.04 : 0;
    for (let row = 0; row < rows; row++) {
      for (let col = 0; col < cols; col++) {
        const id = `c${row}_${col}`;
        const x = col * cell + gap / 2;
        const y = top + row * cell + gap / 2;
        const size = cell - gap;
        defs.push(
          `<clipPath id="${id}">` +
            `<rect x="${n(x)}" y="${n(y)}" width="${n(size)}" height="${n(size)}"/></clipPath>`,
        );
        body.push(`<g clip-path="url(#${id})">${bauhausTile(prng, x, y, size, paper, inks)}</g>`);
      }
    }
  } else {
    body.push(sunburst(prng, w, h, paper, inks));
  }
  // Hard edges would blur if upscaled, and flat fills are cheap to draw at full size.
  return { content: svgContent(defs, body, ''), scale: 1 };
}

function bauhausTile(prng: Prng, x: number, y: number, s: number, paper: string, inks: string[]): string {
  const bg = prng.chance(0.45) ? paper : prng.pick(inks);
  const others = [paper, ...inks].filter((color) => color !== bg);
  const ink = prng.pick(others);
  const second = prng.pick(others.filter((color) => color !== ink));
  const parts = [`<rect x="${n(x)}" y="${n(y)}" width="${n(s)}" height="${n(s)}" fill="${bg}"/>`];
  const cx = x + s / 2;
  const cy = y + s / 2;
  const corner = prng.int(0, 3);
  const kx = corner % 2 === 0 ? x : x + s;
  const ky = corner < 2 ? y : y + s;
  switch (prng.int(0, 6)) {
    case 0:
      parts.push(`<circle cx="${n(kx)}" cy="${n(ky)}" r="${n(s)}" fill="${ink}"/>`);
      if (prng.chance(0.5))
        parts.push(`<circle cx="${n(kx)}" cy="${n(ky)}" r="${n(s * 0.5)}" fill="${second}"/>`);
      break;
    case 1:
      parts.push(`<circle cx="${n(cx)}" cy="${n(ky)}" r="${n(s / 2)}" fill="${ink}"/>`);
      break;
    case 2:
      parts.push(`<circle cx="${n(cx)}" cy="${n(cy)}" r="${n(s * 0.38)}" fill="${ink}"/>`);
      if (prng.chance(0.5))
        parts.push(`<circle cx="${n(cx)}" cy="${n(cy)}" r="${n(s * 0.16)}" fill="${second}"/>`);
      break;
    case 3: {
      const stripes = prng.int(3, 7);
      const vertical = prng.chance(0.5);
      for (let i = 0; i < stripes; i += 2) {
        const offset = (i * s) / stripes;
        const width = s / stripes;
        parts.push(
          vertical
            ? `<rect x="${n(x + offset)}" y="${n(y)}" width="${n(width)}" height="${n(s)}" fill="${ink}"/>`
            : `<rect x="${n(x)}" y="${n(y + offset)}" width="${n(s)}" height="${n(width)}" fill="${ink}"/>`,
        );
      }
      break;
    }
    case 4:
      parts.push(
        `<path d="M${n(kx)} ${n(ky)}L${n(2 * cx - kx)} ${n(ky)}L${n(kx)} ${n(2 * cy - ky)}Z" fill="${ink}"/>`,
      );
      break;
    case 5:
      for (let i = 4; i > 0; i--) {
        parts.push(
          `<circle cx="${n(cx)}" cy="${n(cy)}" r="${n((s * 0.48 * i) / 4)}" fill="${i % 2 ? ink : bg}"/>`,
        );
      }
      break;
    default:
      parts.push(
        `<path d="M${n(cx)} ${n(y)}A${n(s / 2)} ${n(s / 2)} 0 0 ${corner % 2} ${n(cx)} ${n(y + s)}Z" ` +
          `fill="${ink}"/>`,
        `<circle cx="${n(cx)}" cy="${n(cy)}" r="${n(s * 0.12)}" fill="${second}"/>`,
      );
  }
  return parts.join('');
}

/** Art-deco rays and rings from a point low in the frame. */
function sunburst(prng: Prng, w: number, h: number, paper: string, inks: string[]): string {
  const cx = w * prng.range(0.25, 0.75);
  const cy = h * prng.range(0.55, 1);
  const reach = Math.hypot(w, h) * 1.1;
  const rays = prng.int(10, 24) * 2;
  const [rayInk, ringA, ringB, accent] = prng.sample(inks, 4) as [string, string, string, string];
  const parts: string[] = [];
  for (let i = 0; i < rays; i += 2) {
    const a0 = (i / rays) * Math.PI * 2;
    const a1 = ((i + 1) / rays) * Math.PI * 2;
    parts.push(
      `M${n(cx)} ${n(cy)}L${n(cx + Math.cos(a0) * reach)} ${n(cy + Math.sin(a0) * reach)}` +
        `L${n(cx + Math.cos(a1) * reach)} ${n(cy + Math.sin(a1) * reach)}Z`,
    );
  }
  const out = [`<path d="${parts.join('')}" fill="${rayInk}" opacity="${n(prng.range(0.25, 0.9))}"/>`];
  const rings = prng.int(3, 7);
  const outer = Math.min(w, h) * prng.range(0.35, 0.6);
  for (let i = rings; i > 0; i--) {
    const fill = i % 2 ? ringA : i === 2 ? accent : ringB;
    out.push(`<circle cx="${n(cx)}" cy="${n(cy)}" r="${n((outer * i) / rings)}" fill="${fill}"/>`);
  }
  // A horizon band anchors the composition like a poster's baseline.
  const band = h * prng.range(0.04, 0.12);
  out.push(`<rect y="${n(cy)}" width="${w}" height="${n(h - cy + 1)}" fill="${paper}"/>`);
  out.push(`<rect y="${n(cy)}" width="${w}" height="${n(band)}" fill="${ringB}"/>`);
  for (let i = prng.int(0, 3); i > 0; i--) {
    const y = cy + band * (1 + i * 0.9);
    out.push(`<rect y="${n(y)}" width="${w}" height="${n(band * 0.35)}" fill="${rayInk}"/>`);
  }
  return out.join('');
}

function planet({ w, h, min, prng, colors: c }: Canvas): Drawing {
  const defs = [
    `<radialGradient id="space" cx="${n(prng.range(0.2, 0.8))}" cy="${n(prng.range(0.2, 0.8))}" r="0.9">` +
      `<stop offset="0" stop-color="${mix(c[1], c[0], 0.3)}"/><stop offset="0.6" stop-color="${c[0]}"/>` +
      `<stop offset="1" stop-color="${mix(c[0], '#000000', 0.6)}"/></radialGradient>`,
    ...[c[1], c[2], c[3]].map((color, i) => softSpot(`neb${i}`, color)),
  ];
  const body = [`<rect width="${w}" height="${h}" fill="url(#space)"/>`];

  const clouds: string[] = [];
  for (let i = prng.int(4, 9); i > 0; i--) {
    clouds.push(
      `<ellipse cx="${n(prng.range(0, w))}" cy="${n(prng.range(0, h))}" ` +
        `rx="${n(min * prng.range(0.15, 0.5))}" ` +
        `ry="${n(min * prng.range(0.08, 0.3))}" fill="url(#neb${prng.int(0, 2)})" ` +
        `opacity="${n(prng.range(0.2, 0.6))}" ` +
        `transform="rotate(${n(prng.range(-60, 60))} ${n(w / 2)} ${n(h / 2)})"/>`,
    );
  }
  body.push(`<g>${clouds.join('')}</g>`);

  body.push(starfield(prng, prng.int(250, 600), w, h, min, '#fff8f0', 1));

  const horizonShot = prng.chance(0.3);
  const r = horizonShot ? min * prng.range(0.6, 0.9) : min * prng.range(0.18, 0.34);
  const px = horizonShot ? w * prng.range(0.3, 0.7) : w * prng.range(0.3, 0.7);
  const py = horizonShot ? h + r * prng.range(0.25, 0.6) : h * prng.range(0.35, 0.65);
  // Seen from orbit, the lit limb faces up; otherwise the star can be anywhere.
  const light = horizonShot ? -Math.PI / 2 + prng.range(-0.6, 0.6) : prng.range(0, Math.PI * 2);
  const lx = Math.cos(light);
  const ly = Math.sin(light);
  const tilt = prng.range(-35, 35);
  const glowColor = prng.pick([c[3], c[4]]);

  defs.push(
    `<radialGradient id="body" cx="${n(0.5 + lx * 0.25)}" cy="${n(0.5 + ly * 0.25)}" r="0.8">` +
      `<stop offset="0" stop-color="${c[4]}"/><stop offset="0.35" stop-color="${c[3]}"/>` +
      `<stop offset="0.7" stop-color="${c[2]}"/><stop offset="1" stop-color="${c[1]}"/></radialGradient>`,
    `<linearGradient id="shade" x1="${n(0.5 + lx * 0.5)}" y1="${n(0.5 + ly * 0.5)}" ` +
      `x2="${n(0.5 - lx * 0.5)}" y2="${n(0.5 - ly * 0.5)}">` +
      `<stop offset="0.35" stop-color="#000" stop-opacity="0"/>` +
      `<stop offset="0.75" stop-color="#000" stop-opacity="0.85"/></linearGradient>`,
    `<radialGradient id="halo">` +
      `<stop offset="${n(1 / 1.35 - 0.02)}" stop-color="${glowColor}" stop-opacity="0.55"/>` +
      `<stop offset="1" stop-color="${glowColor}" stop-opacity="0"/></radialGradient>`,
    `<clipPath id="disc"><circle cx="${n(px)}" cy="${n(py)}" r="${n(r)}"/></clipPath>`,
  );

  const rings = !horizonShot && prng.chance(0.6);
  const ringGroup = rings ? ringBands(prng, px, py, r, tilt, c) : '';
  if (rings) {
    // The far half of the rings passes behind the planet, the near half in front of it.
    defs.push(
      `<clipPath id="back">` +
        `<rect x="${n(px - r * 4)}" y="${n(py - r * 4)}" width="${n(r * 8)}" height="${n(r * 4)}" ` +
        `transform="rotate(${n(tilt)} ${n(px)} ${n(py)})"/></clipPath>`,
      `<clipPath id="front">` +
        `<rect x="${n(px - r * 4)}" y="${n(py)}" width="${n(r * 8)}" height="${n(r * 4)}" ` +
        `transform="rotate(${n(tilt)} ${n(px)} ${n(py)})"/></clipPath>`,
    );
    body.push(`<g clip-path="url(#back)">${ringGroup}</g>`);
  }

  body.push(`<circle cx="${n(px)}" cy="${n(py)}" r="${n(r * 1.35)}" fill="url(#halo)"/>`);
  body.push(`<circle cx="${n(px)}" cy="${n(py)}" r="${n(r)}" fill="url(#body)"/>`);

  const bands: string[] = [];
  for (let i = prng.int(5, 14); i > 0; i--) {
    const y = py + prng.range(-1, 1) * r;
    bands.push(
      `<rect x="${n(px - r * 1.5)}" y="${n(y)}" width="${n(r * 3)}" ` +
        `height="${n(r * prng.range(0.03, 0.18))}" ` +
        `fill="${prng.pick([c[1], c[2], c[3], c[4]])}" opacity="${n(prng.range(0.12, 0.4))}"/>`,
    );
  }
  body.push(
    `<g clip-path="url(#disc)"><g transform="rotate(${n(tilt)} ${n(px)} ${n(py)})">` +
      `${bands.join('')}</g><circle cx="${n(px)}" cy="${n(py)}" r="${n(r)}" fill="url(#shade)"/></g>`,
  );
  body.push(
    `<circle cx="${n(px)}" cy="${n(py)}" r="${n(r)}" fill="none" stroke="${glowColor}" ` +
      `stroke-width="${n(r * 0.02)}" opacity="0.45"/>`,
  );
  if (rings) body.push(`<g clip-path="url(#front)">${ringGroup}</g>`);

  if (prng.chance(0.5)) {
    const angle = prng.range(0, Math.PI * 2);
    const distance = r * prng.range(1.6, 2.6);
    const mr = r * prng.range(0.07, 0.16);
    body.push(
      `<circle cx="${n(px + Math.cos(angle) * distance)}" cy="${n(py + Math.sin(angle) * distance * 0.6)}" ` +
        `r="${n(mr)}" fill="url(#body)"/>`,
    );
  }
  return { content: svgContent(defs, body, vignette(w, h, 0.3)), scale: 0.5 };
}

function ringBands(prng: Prng, px: number, py: number, r: number, tilt: number, c: Colors): string {
  const flatten = prng.range(0.14, 0.3);
  const inner = r * prng.range(1.25, 1.45);
  const outer = r * prng.range(1.8, 2.4);
  const parts: string[] = [];
  for (let radius = inner; radius < outer; ) {
    const width = r * prng.range(0.02, 0.09);
    parts.push(
      `<ellipse cx="${n(px)}" cy="${n(py)}" ` +
        `rx="${n(radius + width / 2)}" ry="${n((radius + width / 2) * flatten)}" ` +
        `stroke="${prng.pick([c[2], c[3], c[4]])}" stroke-width="${n(width * flatten * 2.2)}" ` +
        `opacity="${n(prng.range(0.25, 0.8))}"/>`,
    );
    radius += width + r * prng.range(0, 0.04);
  }
  return `<g fill="none" transform="rotate(${n(tilt)} ${n(px)} ${n(py)})">${parts.join('')}</g>`;
}

/** A colour fading to transparent at its edge: a blurred blob without the cost of a blur filter. */
function softSpot(id: string, color: string): string {
  return (
    `<radialGradient id="${id}"><stop offset="0" stop-color="${color}"/>` +
    `<stop offset="0.5" stop-color="${color}" stop-opacity="0.7"/>` +
    `<stop offset="1" stop-color="${color}" stop-opacity="0"/></radialGradient>`
  );
}

function vignette(w: number, h: number, strength: number): string {
  return (
    `<radialGradient id="vignette" r="0.75"><stop offset="0.55" stop-color="#000" stop-opacity="0"/>` +
    `<stop offset="1" stop-color="#000" stop-opacity="${n(strength)}"/></radialGradient>` +
    `<rect width="${w}" height="${h}" fill="url(#vignette)"/>`
  );
}

function svgContent(defs: string[], body: string[], overlay: string): string {
  return `<defs>${defs.join('')}</defs>${body.join('')}${overlay}`;
}

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
  });
  const rw = Math.max(1, Math.round(w * scale));
  const rh = Math.max(1, Math.round(h * scale));
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${rw}" height="${rh}" viewBox="0 0 ${w} ${h}" ` +
    `preserveAspectRatio="none">${content}</svg>`;
  return { svg, scale };
}

/** In 8-bit levels. Brings JPEG q88 to ~100–500 KB at 1–2 MP, like real generations; 3 gave ~60–300. */
const GRAIN_SIGMA = 5;
const GRAIN_TABLE_BITS = 16;
let grainTable: Int8Array | undefined;

/**
 * Gaussian noise values, shared by every image. Each row reads the table from its own random
 * offset, so no pattern repeats visibly and no image pays for generating fresh noise.
 */
function grain(): Int8Array {
  if (!grainTable) {
    const prng = createPrng(0x6a09e667, GRAIN_STREAM);
    grainTable = new Int8Array(1 << GRAIN_TABLE_BITS);
    for (let i = 0; i < grainTable.length; i++) {
      // Box–Muller; the 1 - next() keeps log() away from zero.
      const g = Math.sqrt(-2 * Math.log(1 - prng.next())) * Math.cos(2 * Math.PI * prng.next());
      grainTable[i] = Math.max(-127, Math.min(127, Math.round(g * GRAIN_SIGMA)));
    }
  }
  return grainTable;
}

/**
 * Monochrome film grain, added in place to an RGB buffer. A flat, noise-free picture would
 * compress to a few kilobytes and make every byte measurement of the feed meaningless.
 * Done in JS rather than as a tiled sharp composite: ~6 ms against ~40 ms at 2.4 MP (measured).
 */
function addGrain(buffer: Buffer, width: number, height: number, prng: Prng): void {
  const table = grain();
  const mask = table.length - 1;
  // A clamped view saturates at 0 and 255 by itself instead of wrapping around.
  const pixels = new Uint8ClampedArray(buffer.buffer, buffer.byteOffset, width * height * 3);
  for (let y = 0; y < height; y++) {
    let k = prng.int(0, mask);
    const end = (y + 1) * width * 3;
    for (let i = y * width * 3; i < end; i += 3) {
      const noise = table[k++ & mask]!;
      pixels[i]! += noise;
      pixels[i + 1]! += noise;
      pixels[i + 2]! += noise;
    }
  }
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
  addGrain(raster.data, width, height, createPrng(generation.seed, GRAIN_STREAM));
  const image = sharp(raster.data, { raw: { width, height, channels: 3 } });
  const encoded =
    format === 'jpeg'
      ? image.jpeg({ quality: 88, mozjpeg: false })
      : format === 'webp'
        ? image.webp({ quality: 85, effort: 2 })
        : image.png({ compressionLevel: 3, adaptiveFiltering: false });
  return new Uint8Array(await encoded.toBuffer());
}
