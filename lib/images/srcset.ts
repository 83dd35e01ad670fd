import { type LadderWidth, widthLadder } from './ladder';
import { buildImageUrl, type ImageDeliveryConfig } from './providers';

/**
 * The rungs worth offering for a source of this width: every rung the source can fill, never one
 * above it (upscaled bytes are waste). A source narrower than the smallest rung still gets that one
 * rung, since it needs some URL. An unknown width (not a positive finite number) gets the full ladder.
 */
export function ladderWidthsFor(sourceWidth: number): LadderWidth[] {
  if (!(Number.isFinite(sourceWidth) && sourceWidth > 0)) return [...widthLadder];
  const fitting = widthLadder.filter((width) => width <= sourceWidth);
  return fitting.length > 0 ? fitting : [widthLadder[0]];
}

/**
 * `srcset` naming exactly the ladder rungs, so the browser's pick is always a cacheable variant. The
 * origin provider has one untransformed file, so it gets that URL alone, without a descriptor.
 */
export function buildSrcSet(config: ImageDeliveryConfig, storagePath: string, sourceWidth: number): string {
  if (config.provider === 'origin') return buildImageUrl(config, storagePath, sourceWidth);
  return ladderWidthsFor(sourceWidth)
    .map((width) => `${buildImageUrl(config, storagePath, width)} ${width}w`)
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
