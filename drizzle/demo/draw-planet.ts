import type { Prng } from './prng';
import {
  type Canvas,
  type Colors,
  type Drawing,
  mix,
  n,
  softSpot,
  starfield,
  svgContent,
  vignette,
} from './svg-drawing';

/** The planet style: nebulae and stars, a lit and banded planet, sometimes rings and a moon. */
export function planet({ w, h, min, prng, colors: c, scene }: Canvas): Drawing {
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

  const horizonShot = scene.horizon;
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

  const rings = !horizonShot && scene.rings;
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

  if (scene.moon) {
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
