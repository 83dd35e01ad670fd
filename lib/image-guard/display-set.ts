/**
 * The display set of a published source: every variant the app itself emits for it, made and stored
 * at publish (docs/image-delivery.md, "Serving the stored display set first"; docs/transform.md, "The stored display set"). Pure, relative imports only: the
 * publish job makes exactly this list, the Worker and the Node route use `storedKeyFor` to find one of
 * them, and `npm run variants -- verify|prune` checks the store against it.
 */
import { sourceMayHaveAlpha } from './negotiate';
import type { NormalizedTransform } from './normalize';
import { defaultQuality, type LadderWidth, ladderWidthsFor, type OutputFormat } from '../images/ladder';
import { storedVariantKey, variantKey } from '../images/storage-keys';

/** One member of a display set. */
export interface DisplayVariant {
  /** `g/<sha>.<ext>/w-640,q-75.avif` (lib/images/storage-keys.ts): the variant's identity. */
  variantKey: string;
  /** `v/<variantKey>`: where it is stored in the public store. */
  storedKey: string;
  width: LadderWidth;
  format: OutputFormat;
}

/**
 * AVIF and WebP for browsers that take them, and the format a browser that takes neither gets: JPEG,
 * or PNG where the source may have alpha (the same rule `negotiateFormat` applies per request).
 */
export function displayFormats(storagePath: string): OutputFormat[] {
  return ['avif', 'webp', sourceMayHaveAlpha(storagePath) ? 'png' : 'jpeg'];
}

/**
 * Whether a normalized transform is one the app emits (`w-*` at the default quality, no ratio:
 * lib/images/providers.ts), so its variant may be in a display set.
 */
export function isEmittedTransform(transform: Pick<NormalizedTransform, 'quality' | 'ratio'>): boolean {
  return transform.quality === defaultQuality && transform.ratio === null;
}

/**
 * Every variant the app emits for a source of this width: each ladder rung the source can fill
 * (`ladderWidthsFor`, as the feed's srcset offers them), in each display format. Smallest first, so a
 * display set that is being made has the feed's thumbnails soonest.
 */
export function displaySet(storagePath: string, sourceWidth: number): DisplayVariant[] {
  const formats = displayFormats(storagePath);
  return ladderWidthsFor(sourceWidth).flatMap((width) =>
    formats.map((format) => {
      const key = variantKey(storagePath, { width, quality: defaultQuality, ratio: null }, format);
      return { variantKey: key, storedKey: storedVariantKey(key), width, format };
    }),
  );
}

/**
 * The stored object that would hold this variant, or null when the transform is not an emitted one
 * (other qualities and ratios are made on request). A rung above what the source can fill is an
 * emitted transform but not in the set: the store answers "missing" and the caller transforms.
 */
export function storedKeyFor(
  storagePath: string,
  transform: Pick<NormalizedTransform, 'width' | 'quality' | 'ratio'>,
  format: OutputFormat,
): string | null {
  if (!isEmittedTransform(transform)) return null;
  return storedVariantKey(variantKey(storagePath, transform, format));
}
