import 'server-only';
import type { Env } from '@/lib/env';
import { sourceCacheTag } from '@/lib/images/storage-keys';

export type PurgeOutcome = 'purged' | 'not-configured' | 'failed';

export interface CdnPurger {
  /** Drops every cached variant of the source, and its original, at the CDN. Never throws. */
  purgeSource(storagePath: string): Promise<PurgeOutcome>;
}

export interface CloudflarePurgerOptions {
  zoneId: string;
  apiToken: string;
  /** Where the public bucket's originals are served (their URLs are purged too); optional. */
  originalsBaseUrl?: string;
  /** The app's own origin: `/o/` serves originals too. */
  publicUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  log?: (message: string, error?: unknown) => void;
}

const API = 'https://api.cloudflare.com/client/v4';

/**
 * Cloudflare's purge API (purge by tag and by URL are on every plan): one request for the source's
 * cache tag, which the Worker puts on every variant it fetches, and one for the original's URLs. The
 * API takes one purge type per request.
 */
export function createCloudflarePurger(options: CloudflarePurgerOptions): CdnPurger {
  const send = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const log = options.log ?? ((message, error) => console.warn(`[cdn] ${message}`, error ?? ''));

  async function purge(body: { tags: string[] } | { files: string[] }): Promise<boolean> {
    try {
      const response = await send(`${API}/zones/${options.zoneId}/purge_cache`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${options.apiToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const result = (await response.json().catch(() => null)) as {
        success?: boolean;
        errors?: unknown;
      } | null;
      if (response.ok && result?.success) return true;
      log(`purge of ${JSON.stringify(body)} refused (HTTP ${response.status})`, result?.errors);
      return false;
    } catch (error) {
      log(`purge of ${JSON.stringify(body)} failed`, error);
      return false;
    }
  }

  return {
    async purgeSource(storagePath) {
      const files = [`${options.publicUrl}/o/${storagePath}`];
      if (options.originalsBaseUrl) files.push(`${options.originalsBaseUrl}/${storagePath}`);
      const [tags, urls] = await Promise.all([
        purge({ tags: [sourceCacheTag(storagePath)] }),
        purge({ files }),
      ]);
      return tags && urls ? 'purged' : 'failed';
    },
  };
}

export const noCdnPurger: CdnPurger = { purgeSource: async () => 'not-configured' };

export function createCdnPurgerFromEnv(
  settings: Pick<Env, 'CLOUDFLARE_ZONE_ID' | 'CLOUDFLARE_API_TOKEN' | 'ORIGINALS_BASE_URL' | 'PUBLIC_URL'>,
): CdnPurger {
  if (!settings.CLOUDFLARE_ZONE_ID || !settings.CLOUDFLARE_API_TOKEN) return noCdnPurger;
  return createCloudflarePurger({
    zoneId: settings.CLOUDFLARE_ZONE_ID,
    apiToken: settings.CLOUDFLARE_API_TOKEN,
    publicUrl: settings.PUBLIC_URL,
    ...(settings.ORIGINALS_BASE_URL ? { originalsBaseUrl: settings.ORIGINALS_BASE_URL } : {}),
  });
}
