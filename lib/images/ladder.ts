/**
 * The registries every other image module derives from. Widths, qualities, ratios and formats are
 * deliberately few: each one multiplies the number of variants a single source can have at the edge,
 * which is what Cloudflare bills and what dilutes the cache.
 */

export const widthLadder = [320, 640, 960, 1280, 1920] as const;
export type LadderWidth = (typeof widthLadder)[number];
export const minLadderWidth: LadderWidth = 320;
export const maxLadderWidth: LadderWidth = 1920;

export const qualitySteps = [50, 60, 75, 80, 85] as const;
export type QualityStep = (typeof qualitySteps)[number];
export const defaultQuality: QualityStep = 75;
export const maxQuality: QualityStep = 85;

/**
 * Named width:height, so '4:5' is portrait (taller than wide). `w`/`h` are kept as integers so that
 * snapping and output heights can be computed exactly, without floating-point ratios.
 */
export const aspectRatios = [
  { name: '1:1', w: 1, h: 1 },
  { name: '4:5', w: 4, h: 5 },
  { name: '5:4', w: 5, h: 4 },
  { name: '3:4', w: 3, h: 4 },
  { name: '4:3', w: 4, h: 3 },
  { name: '2:3', w: 2, h: 3 },
  { name: '3:2', w: 3, h: 2 },
  { name: '9:16', w: 9, h: 16 },
  { name: '16:9', w: 16, h: 9 },
  { name: '10:16', w: 10, h: 16 },
  { name: '16:10', w: 16, h: 10 },
] as const;
export type AspectRatioEntry = (typeof aspectRatios)[number];
export type AspectRatio = AspectRatioEntry['name'];
export const aspectRatioNames: readonly AspectRatio[] = aspectRatios.map((ratio) => ratio.name);

export function aspectRatioEntry(name: AspectRatio): AspectRatioEntry {
  // The registry is a closed union, so the lookup cannot miss.
  return aspectRatios.find((ratio) => ratio.name === name)!;
}

/** Output height for a width at a registry ratio; the one rounding rule both runtimes use. */
export function heightForRatio(width: number, ratio: AspectRatio): number {
  const { w, h } = aspectRatioEntry(ratio);
  return Math.round((width * h) / w);
}

/** Order is preference order for negotiation, best compression first. */
export const outputFormats = ['avif', 'webp', 'jpeg', 'png'] as const;
export type OutputFormat = (typeof outputFormats)[number];

export const formatContentTypes = {
  avif: 'image/avif',
  webp: 'image/webp',
  jpeg: 'image/jpeg',
  png: 'image/png',
} as const satisfies Record<OutputFormat, string>;
export type OutputContentType = (typeof formatContentTypes)[OutputFormat];

export function isLadderWidth(value: number): value is LadderWidth {
  return (widthLadder as readonly number[]).includes(value);
}

export function isQualityStep(value: number): value is QualityStep {
  return (qualitySteps as readonly number[]).includes(value);
}

export function isAspectRatio(value: string): value is AspectRatio {
  return (aspectRatioNames as readonly string[]).includes(value);
}

export function isOutputFormat(value: string): value is OutputFormat {
  return (outputFormats as readonly string[]).includes(value);
}

/**
 * Nearest ladder width; a value exactly between two rungs goes to the larger one (a slightly sharper
 * image beats a visibly soft one). Anything that is not a finite number lands on the largest rung.
 */
export function snapWidth(width: number): LadderWidth {
  if (!Number.isFinite(width)) return maxLadderWidth;
  return snapToSortedSteps(width, widthLadder);
}

/**
 * Clamped to 1..maxQuality, then the nearest step; the only integer tie (55) goes up to 60, matching
 * widths. Not a finite number → the default, since quality has no "largest is safest" reading.
 */
export function snapQuality(quality: number): QualityStep {
  if (!Number.isFinite(quality)) return defaultQuality;
  return snapToSortedSteps(Math.min(Math.max(quality, 1), maxQuality), qualitySteps);
}

function snapToSortedSteps<T extends number>(value: number, steps: readonly [T, ...T[]]): T {
  for (let index = 0; index < steps.length - 1; index++) {
    const lower = steps[index]!;
    const upper = steps[index + 1]!;
    // Comparing doubled values keeps the midpoint test exact for integers.
    if (2 * value < lower + upper) return lower;
  }
  return steps[steps.length - 1]!;
}

/** Registry ratios ordered by height/width, the order snapping walks. */
const ratiosByHeightOverWidth = [...aspectRatios].sort((a, b) => a.h * b.w - b.h * a.w);

/**
 * The registry ratio nearest to height/width, distance measured in log space (so 2× too tall and 2×
 * too wide are equally far). Between neighbours a < x < b the boundary is the geometric mean, so the
 * test x² < a·b is done in integers: exact, and identical in every runtime. For integer inputs an
 * exact tie cannot happen (no product of neighbouring ratios is a rational square); a tie would go to
 * the taller ratio. Beyond the extremes the extreme ratio wins (16:9 or 9:16); a non-positive or
 * non-finite size has no ratio and gets 1:1.
 */
export function snapAspectRatio(width: number, height: number): AspectRatio {
  if (!(width > 0 && height > 0 && Number.isFinite(width) && Number.isFinite(height))) return '1:1';
  for (let index = 0; index < ratiosByHeightOverWidth.length - 1; index++) {
    const lower = ratiosByHeightOverWidth[index]!;
    const upper = ratiosByHeightOverWidth[index + 1]!;
    if (height * height * lower.w * upper.w < width * width * lower.h * upper.h) return lower.name;
  }
  return ratiosByHeightOverWidth[ratiosByHeightOverWidth.length - 1]!.name;
}

/**
 * The rungs worth offering for a source of this width: every rung the source can fill, and the next
 * rung above when the source is wider than the largest of those. That top rung is served at the
 * source's own width (`/i/` never enlarges), so a 576 px generation is never shown stretched from its
 * 320 px variant while its own 576 pixels exist; above it nothing is offered (upscaled bytes are
 * waste). A source narrower than the smallest rung gets that one rung (served at its own width). An
 * unknown width (not a positive finite number) gets the full ladder.
 */
export function ladderWidthsFor(sourceWidth: number): LadderWidth[] {
  if (!(Number.isFinite(sourceWidth) && sourceWidth > 0)) return [...widthLadder];
  const fitting = widthLadder.filter((width) => width <= sourceWidth);
  const above = widthLadder.find((width) => width > sourceWidth);
  return above === undefined || fitting.at(-1) === sourceWidth ? fitting : [...fitting, above];
}

/** The width of the bytes a rung of this source holds: the rung, or the source's own when narrower. */
export function servedWidth(rung: LadderWidth, sourceWidth: number): number {
  return Number.isFinite(sourceWidth) && sourceWidth > 0 ? Math.min(rung, sourceWidth) : rung;
}

/**
 * The rung the app asks for when it wants about `width`: the nearest rung, but never one above the
 * largest the source can fill. Such a rung would name bytes identical to a smaller one (the guard
 * never enlarges) under a URL outside the source's display set (lib/image-guard/display-set.ts).
 */
export function emittedWidth(width: number, sourceWidth: number): LadderWidth {
  const offered = ladderWidthsFor(sourceWidth);
  const snapped = snapWidth(width);
  return offered.includes(snapped) ? snapped : offered[offered.length - 1]!;
}
