import type { DemoScene } from './demo-metadata';
/**
 * What every demo drawing style shares: colours mixed in hex, numbers written short, the canvas a
 * style draws on and what it hands back, and the soft shapes more than one style uses.
 */
import type { DemoPalette } from './demo-metadata';
import type { Prng } from './prng';

type Rgb = readonly [number, number, number];
export type Colors = DemoPalette['colors'];

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

export function mix(a: string, b: string, t: number): string {
  const x = parseHex(a);
  const y = parseHex(b);
  return toHex([x[0] + (y[0] - x[0]) * t, x[1] + (y[1] - x[1]) * t, x[2] + (y[2] - x[2]) * t]);
}

/** Keeps SVG text short; sub-pixel precision beyond 0.1 is invisible. */
export const n = (value: number) => (Math.round(value * 10) / 10).toString();

export interface Canvas {
  w: number;
  h: number;
  min: number;
  prng: Prng;
  colors: Colors;
  /** What to draw: decided with the prompt that names it (demo-metadata.ts). */
  scene: DemoScene;
}

/** SVG content in output-pixel units, and the fraction of the output size to rasterize it at. */
export interface Drawing {
  content: string;
  scale: number;
}

/**
 * Stars as a few paths (one per brightness) rather than one element each: librsvg's cost is per
 * element, and hundreds of circles cost more than the rest of the picture.
 */
export function starfield(
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

/** A colour fading to transparent at its edge: a blurred blob without the cost of a blur filter. */
export function softSpot(id: string, color: string): string {
  return (
    `<radialGradient id="${id}"><stop offset="0" stop-color="${color}"/>` +
    `<stop offset="0.5" stop-color="${color}" stop-opacity="0.7"/>` +
    `<stop offset="1" stop-color="${color}" stop-opacity="0"/></radialGradient>`
  );
}

export function vignette(w: number, h: number, strength: number): string {
  return (
    `<radialGradient id="vignette" r="0.75"><stop offset="0.55" stop-color="#000" stop-opacity="0"/>` +
    `<stop offset="1" stop-color="#000" stop-opacity="${n(strength)}"/></radialGradient>` +
    `<rect width="${w}" height="${h}" fill="url(#vignette)"/>`
  );
}

export function svgContent(defs: string[], body: string[], overlay: string): string {
  return `<defs>${defs.join('')}</defs>${body.join('')}${overlay}`;
}
