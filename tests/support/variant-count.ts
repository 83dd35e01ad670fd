import { aspectRatios, outputFormats, qualitySteps, widthLadder } from '@/lib/images/ladder';

// Derived from the registries, so adding a rung or a ratio updates the documented numbers and the
// property test's bound together. No product code needs them: they are what docs/image-delivery.md
// quotes and what lib/image-guard/properties.test.ts checks the variant space against.

/** Every variant one source can have: widths × qualities × (ratios + "source ratio") × formats. */
export const VARIANTS_PER_SOURCE =
  widthLadder.length * qualitySteps.length * (aspectRatios.length + 1) * outputFormats.length;

/**
 * Cloudflare bills unique transformations with the format left out (one resize delivered as AVIF to
 * some visitors and WebP to others counts once), so the billable bound drops the format factor.
 */
export const BILLABLE_TRANSFORMATIONS_PER_SOURCE =
  widthLadder.length * qualitySteps.length * (aspectRatios.length + 1);

/** What the app's own URLs reach: `w-*` only, default quality, source ratio. */
export const APP_VARIANTS_PER_SOURCE = widthLadder.length * outputFormats.length;
export const APP_BILLABLE_TRANSFORMATIONS_PER_SOURCE = widthLadder.length;
