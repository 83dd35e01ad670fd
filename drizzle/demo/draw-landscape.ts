import type { Prng } from './prng';
import { type Canvas, type Drawing, mix, n, softSpot, starfield, svgContent, vignette } from './svg-drawing';

/**
 * The landscape style: a sky, a sun, clouds, ridges fading into haze, sometimes water that mirrors
 * them, drawn at half the output size.
 */
export function landscape({ w, h, min, prng, colors: c, scene }: Canvas): Drawing {
  const { night, water } = scene;
  const horizon = h * prng.range(0.5, 0.66);
  const skyTop = night ? c[0] : c[1];
  const skyMid = night ? c[1] : c[2];
  const skyLow = night ? mix(c[2], c[3], 0.4) : prng.pick([c[3], c[4]]);
  const haze = mix(skyLow, skyMid, 0.25);
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
  if (scene.rays && !night) body.push(sunRays(prng, sunX, sunY, Math.hypot(w, h), sunColor));

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
    if (i === layers - 1 && !water && scene.trees)
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
