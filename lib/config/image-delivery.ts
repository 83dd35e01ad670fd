import 'server-only';
import { env } from '@/lib/env';
import type { ImageDeliveryConfig } from '@/lib/images/providers';

/**
 * The image delivery settings, read on the server per request and handed to client components as
 * props, so switching provider or asset host needs a restart, never a rebuild.
 */
export function imageDeliveryConfig(): ImageDeliveryConfig {
  return {
    provider: env.IMAGE_DELIVERY_PROVIDER,
    assetBaseUrl: env.ASSET_BASE_URL,
    ...(env.IMAGEKIT_URL_ENDPOINT
      ? { imagekitUrlEndpoint: env.IMAGEKIT_URL_ENDPOINT.replace(/\/+$/, '') }
      : {}),
  };
}
