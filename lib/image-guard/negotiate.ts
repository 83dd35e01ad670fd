import type { OutputFormat } from '../images/ladder';
import { keyExtension } from '../images/storage-keys';

/**
 * The media types an Accept header names explicitly with q > 0, lower-cased. Wildcard ranges are not
 * expanded: browsers that cannot decode AVIF or WebP send `image/*` and the any-type range too.
 */
export function acceptedMediaTypes(acceptHeader: string | null): Set<string> {
  const accepted = new Set<string>();
  if (!acceptHeader) return accepted;
  for (const range of acceptHeader.split(',')) {
    const [type = '', ...parameters] = range.split(';').map((part) => part.trim().toLowerCase());
    if (type === '') continue;
    let quality = 1;
    for (const parameter of parameters) {
      const match = /^q\s*=(.*)$/.exec(parameter);
      if (match) quality = Number(match[1]?.trim() || Number.NaN);
    }
    // A malformed q (NaN) counts as a refusal, like q=0: only a clear yes selects a format.
    if (quality > 0) accepted.add(type);
  }
  return accepted;
}

/**
 * AVIF if accepted, else WebP, else JPEG — or PNG for a source with alpha, since JPEG would flatten
 * its transparency onto a background.
 */
export function negotiateFormat(
  acceptHeader: string | null,
  sourceHasAlpha: boolean,
  avifAllowed = true,
): OutputFormat {
  const accepted = acceptedMediaTypes(acceptHeader);
  if (avifAllowed && accepted.has('image/avif')) return 'avif';
  if (accepted.has('image/webp')) return 'webp';
  return sourceHasAlpha ? 'png' : 'jpeg';
}

/**
 * Cloudflare's transformations make no AVIF with a side above 1,200 px
 * (developers.cloudflare.com/images/get-started/limits: "Image dimension, AVIF"); asked anyway, the
 * edge silently answers WebP or JPEG.
 */
export const edgeAvifMaxDimension = 1200;

/**
 * The format the Worker asks `cf.image` for: the negotiated one, except that a box with a known side
 * above the AVIF limit is negotiated again without AVIF (WebP, or the fallback), so the edge never
 * asks for what it cannot make. The height is known only when a ratio was requested; a portrait
 * source without one may still exceed the limit in height, and then the bytes' Content-Type tells.
 * Stored display variants are not affected: the publish job makes AVIF at every rung with sharp.
 */
export function negotiateEdgeFormat(
  acceptHeader: string | null,
  sourceHasAlpha: boolean,
  box: { width: number; height: number | null },
): OutputFormat {
  const avifAllowed = Math.max(box.width, box.height ?? 0) <= edgeAvifMaxDimension;
  return negotiateFormat(acceptHeader, sourceHasAlpha, avifAllowed);
}

const alphaCapableExtensions = new Set(['png', 'webp', 'avif', 'gif']);

/**
 * Whether a published original may carry alpha, judged by its extension, which ingest derives from the
 * sniffed bytes. The edge decides before it has the bytes, so it answers "may": a PNG without
 * transparency still gets PNG for the rare client that takes neither AVIF nor WebP. The Node route,
 * which reads the pixels, may pass the exact answer instead.
 */
export function sourceMayHaveAlpha(storagePath: string): boolean {
  const extension = keyExtension(storagePath);
  return extension !== null && alphaCapableExtensions.has(extension);
}
