import {
  type AspectRatio,
  defaultQuality,
  heightForRatio,
  type LadderWidth,
  maxLadderWidth,
  type QualityStep,
  snapAspectRatio,
  snapQuality,
  snapWidth,
} from '../images/ladder';

/** What a transform segment means once snapped: one of a finite set of values. */
export interface NormalizedTransform {
  width: LadderWidth;
  quality: QualityStep;
  /** Null keeps the source's own aspect ratio. */
  ratio: AspectRatio | null;
  /** round(width × ratio) when a ratio is set; null otherwise. */
  height: number | null;
}

/** Widths and heights beyond this are treated as garbage rather than as "very large". */
export const maxDimensionValue = 100_000;

// Plain decimal digits only: '1e3', '640.5', '+640', '-5', '0x280' and '' are all invalid values.
const digits = /^[0-9]+$/;

function parseDimension(value: string): number | null {
  if (!digits.test(value) || value.length > 12) return null;
  const number = Number(value);
  return number >= 1 && number <= maxDimensionValue ? number : null;
}

function parseQuality(value: string): number | null {
  // Any digit string is a quality; out-of-range ones are clamped (q-0 → 1, q-100 → 85), not ignored.
  // Capping first keeps a thousand-digit value (Number → Infinity) on the clamp path too.
  return digits.test(value) ? Math.min(Number(value), 1000) : null;
}

/**
 * Reads a comma-separated `key-value` transform segment. Rules (docs/image-delivery.md):
 * keys are case-sensitive and split from the value at the first '-'; unknown keys and invalid values
 * are dropped as if absent; among the valid values of one key the LAST wins; no valid width → 1920;
 * no valid quality → 75; a valid `h` becomes the ratio h/w snapped to the registry, where w is the
 * requested width when one was valid and the output width otherwise.
 */
export function normalizeTransform(segment: string): NormalizedTransform {
  let requestedWidth: number | null = null;
  let requestedQuality: number | null = null;
  let requestedHeight: number | null = null;
  for (const token of segment.split(',')) {
    const dash = token.indexOf('-');
    if (dash < 1) continue;
    const key = token.slice(0, dash);
    const value = token.slice(dash + 1);
    if (key === 'w') requestedWidth = parseDimension(value) ?? requestedWidth;
    else if (key === 'q') requestedQuality = parseQuality(value) ?? requestedQuality;
    else if (key === 'h') requestedHeight = parseDimension(value) ?? requestedHeight;
  }
  const width = requestedWidth === null ? maxLadderWidth : snapWidth(requestedWidth);
  const quality = requestedQuality === null ? defaultQuality : snapQuality(requestedQuality);
  const ratio = requestedHeight === null ? null : snapAspectRatio(requestedWidth ?? width, requestedHeight);
  return { width, quality, ratio, height: ratio === null ? null : heightForRatio(width, ratio) };
}
