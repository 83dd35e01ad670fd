import type { Prng } from './prng';
import { type Canvas, type Drawing, mix, n, softSpot, svgContent, vignette } from './svg-drawing';

/** The abstract style: soft colour blobs, sometimes sheets of silk lines, a few bokeh discs. */
export function abstract({ w, h, min, prng, colors: c, scene }: Canvas): Drawing {
  const { dark } = scene;
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

  if (scene.silk) {
    for (let i = prng.int(1, 3); i > 0; i--) body.push(silkSheet(prng, w, h, min, accents, dark));
  }

  // A few bokeh discs in front give the eye something in focus.
  const bokeh: string[] = [];
  for (let i = prng.int(2, scene.silk ? 4 : 10); i > 0; i--) {
    bokeh.push(
      `<circle cx="${n(prng.range(0, w))}" cy="${n(prng.range(0, h))}" ` +
        `r="${n(min * prng.range(0.01, 0.05))}" ` +
        `fill="${mix(prng.pick(accents), '#ffffff', 0.4)}" opacity="${n(prng.range(0.15, 0.45))}"/>`,
    );
  }
  body.push(`<g>${bokeh.join('')}</g>`);
  // Only the fine silk lines need the extra resolution; blobs are soft at any scale.
  return {
    content: svgContent(defs, body, vignette(w, h, dark ? 0.4 : 0.15)),
    scale: scene.silk ? 0.5 : 0.25,
  };
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
