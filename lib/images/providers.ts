import { defaultQuality, emittedWidth } from './ladder';
import { formatTransform } from './transforms';

export const imageProviderNames = ['cloudflare', 'imagekit', 'origin'] as const;
export type ImageProvider = (typeof imageProviderNames)[number];

export interface ImageDeliveryConfig {
  provider: ImageProvider;
  /** Origin that serves `/i/` and `/o/`; '' means the app itself (root-relative URLs). */
  assetBaseUrl: string;
  /** Required for `imagekit`; without it that provider falls back to the `/i/` contract. */
  imagekitUrlEndpoint?: string;
}

export function isImageProvider(value: string): value is ImageProvider {
  return (imageProviderNames as readonly string[]).includes(value);
}

/**
 * The URL of one image at (the ladder rung nearest to) `width`.
 * - cloudflare: `{assetBaseUrl}/i/w-640/g/…` — served by the Worker, or by the app's own `/i/` route.
 * - imagekit: `{imagekitUrlEndpoint}/tr:w-640,q-75/g/…` — ImageKit's path syntax, quality spelled out
 *   because ImageKit's own default differs from ours.
 * - origin: `{assetBaseUrl}/o/g/…` — the published original, untransformed. `/o/` and not `/g/`
 *   because `/g/[id]` is the app's page for one generation.
 * Only ever `w-*` at the default quality, and never a rung above the source's width (`emittedWidth`):
 * every URL the app emits names a member of the source's stored display set
 * (lib/image-guard/display-set.ts), and every extra parameter would multiply the variants per source.
 */
export function buildImageUrl(
  config: ImageDeliveryConfig,
  storagePath: string,
  width: number,
  sourceWidth: number,
): string {
  const path = trimLeadingSlashes(storagePath);
  const ladderWidth = emittedWidth(width, sourceWidth);
  if (config.provider === 'origin') return `${trimTrailingSlashes(config.assetBaseUrl)}/o/${path}`;
  if (config.provider === 'imagekit' && config.imagekitUrlEndpoint) {
    const transform = formatTransform({ width: ladderWidth, quality: defaultQuality });
    return `${trimTrailingSlashes(config.imagekitUrlEndpoint)}/tr:${transform}/${path}`;
  }
  return `${trimTrailingSlashes(config.assetBaseUrl)}/i/${formatTransform({ width: ladderWidth })}/${path}`;
}

function trimTrailingSlashes(base: string): string {
  return base.replace(/\/+$/, '');
}

function trimLeadingSlashes(path: string): string {
  return path.replace(/^\/+/, '');
}
