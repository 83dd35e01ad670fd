import type { NormalizedTransform } from '../../../lib/image-guard/normalize';
import type { OutputFormat } from '../../../lib/images/ladder';

/**
 * The `cf.image` options for one normalized request.
 * - fit 'crop' is Cloudflare's name for "cover, but never enlarge": its 'cover' upscales a source
 *   narrower than the requested width, which the contract forbids (bytes without detail).
 * - height only when a ratio was requested; otherwise the source's own ratio is kept.
 * - format is always explicit (never 'auto'): the Worker negotiated it and keys the variant on it.
 *   PNG is sent as 'png' (alpha-capable sources for clients without AVIF/WebP); quality is passed
 *   anyway and Cloudflare ignores it for PNG.
 * - metadata 'none': the contract promises no EXIF/GPS/XMP in delivered bytes (JPEG keeps the
 *   copyright tag by default).
 * - anim false: a still image like sharp's first-frame default, so both runtimes agree.
 */
export function edgeImageOptions(
  transform: NormalizedTransform,
  format: OutputFormat,
): RequestInitCfPropertiesImage {
  return {
    width: transform.width,
    ...(transform.height === null ? {} : { height: transform.height }),
    quality: transform.quality,
    format,
    fit: 'crop',
    metadata: 'none',
    anim: false,
  };
}
