import { type LadderWidth, ladderWidthsFor, servedWidth, widthLadder } from './ladder';
import { buildImageUrl, type ImageDeliveryConfig } from './providers';

/**
 * `srcset` naming exactly the ladder rungs, so the browser's pick is always a cacheable variant. Each
 * candidate is described by the width of the bytes it holds (the source's own for a rung above it), so
 * the browser knows the top rung of a small source has no more pixels and scales it no further than
 * it would any image of that size. The origin provider has one untransformed file, so it gets that
 * URL alone, without a descriptor.
 */
export function buildSrcSet(config: ImageDeliveryConfig, storagePath: string, sourceWidth: number): string {
  if (config.provider === 'origin') return buildImageUrl(config, storagePath, sourceWidth, sourceWidth);
  return ladderWidthsFor(sourceWidth)
    .map(
      (width) =>
        `${buildImageUrl(config, storagePath, width, sourceWidth)} ${servedWidth(width, sourceWidth)}w`,
    )
    .join(', ');
}

/**
 * The rung a browser would pick for this slot: the smallest offered rung covering display × DPR,
 * else the largest offered one. Used where the app chooses for itself (prewarming, `src` fallback).
 */
export function pickLadderWidth(displayWidthCssPx: number, dpr: number, sourceWidth: number): LadderWidth {
  const candidates = ladderWidthsFor(sourceWidth);
  const ratio = Number.isFinite(dpr) && dpr > 0 ? dpr : 1;
  const needed = displayWidthCssPx * ratio;
  return candidates.find((width) => width >= needed) ?? candidates[candidates.length - 1]!;
}

/**
 * The rung a visitor who saves data gets for this slot: one step below the one a browser would pick
 * (`pickLadderWidth`), or the smallest offered. About half the bytes of the rung above, at a softer
 * picture; the card asks for it by `src` alone, so the browser cannot pick a larger one.
 */
export function saveDataLadderWidth(
  displayWidthCssPx: number,
  dpr: number,
  sourceWidth: number,
): LadderWidth {
  const candidates = ladderWidthsFor(sourceWidth);
  const picked = candidates.indexOf(pickLadderWidth(displayWidthCssPx, dpr, sourceWidth));
  return candidates[Math.max(0, picked - 1)]!;
}

/** How far a rung may be stretched rather than jumping to the next one (at most 1.25×). */
export const maxUpscale = 1.25;
/** Screens denser than this get no rung below their box (`displaySizeFor`). */
export const LOW_DENSITY_LIMIT = 1.2;
/** What the app will fetch at most, relative to the box it fills. */
export const maxOverfetch = 1.6;

/**
 * The `sizes` width (CSS px) for a box. Normally the box itself, so the browser takes the smallest
 * rung covering it. The ladder's one doubling step (320 → 640) would make a 330–399 px box fetch
 * up to 1.94× the pixels it shows; there the box declares the rung below instead, which the browser
 * stretches by at most 1.25×. Every other gap in the ladder stays under `maxOverfetch` as is. On
 * denser screens the box's device pixels already exceed the rung below, so the box is declared as is.
 */
export function displaySizeFor(boxWidthCssPx: number, devicePixelRatio = 1): number {
  const box = Math.round(boxWidthCssPx);
  // From 1.2 device pixels per CSS pixel up the rung below is too small, not merely softer.
  if (devicePixelRatio >= LOW_DENSITY_LIMIT) return box;
  const below = [...widthLadder].reverse().find((width) => width < box);
  const above = widthLadder.find((width) => width >= box);
  if (below !== undefined && above !== undefined && above / box > maxOverfetch && box <= below * maxUpscale) {
    return below;
  }
  return box;
}
