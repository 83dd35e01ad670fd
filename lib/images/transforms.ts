import { type AspectRatio, heightForRatio, type LadderWidth, type QualityStep } from './ladder';

export interface TransformSpec {
  width: LadderWidth;
  quality?: QualityStep;
  ratio?: AspectRatio;
}

/**
 * The `/i/` transform segment for an already-snapped spec, in the one canonical order w, q, h. The
 * URL grammar has no ratio key, so a ratio is written as the height it produces at this width; the
 * guard snaps that height back to the same ratio. Quality is written only when given, so the app's
 * default-quality URLs stay as short as `w-640`.
 */
export function formatTransform(spec: TransformSpec): string {
  const parts = [`w-${spec.width}`];
  if (spec.quality !== undefined) parts.push(`q-${spec.quality}`);
  if (spec.ratio !== undefined) parts.push(`h-${heightForRatio(spec.width, spec.ratio)}`);
  return parts.join(',');
}
