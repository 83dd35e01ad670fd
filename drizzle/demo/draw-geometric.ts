import type { Prng } from './prng';
import { type Canvas, type Drawing, n, svgContent } from './svg-drawing';

/** The geometric style: a grid of Bauhaus tiles or an art-deco sunburst, in flat inks on paper. */
export function geometric({ w, h, prng, colors: c, scene }: Canvas): Drawing {
  const paper = c[4];
  const inks = [c[0], c[1], c[2], c[3]];
  const body = [`<rect width="${w}" height="${h}" fill="${paper}"/>`];
  const defs: string[] = [];
  if (!scene.sunburst) {
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
