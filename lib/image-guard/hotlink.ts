/**
 * Link-preview and search crawlers, matched case-insensitively as substrings of User-Agent. They often
 * send no Referer (already allowed) but some send the page they were shown; either way they must get
 * the image or shared links render without a picture.
 */
export const crawlerUserAgentTokens = [
  'facebookexternalhit',
  'Facebot',
  'Twitterbot',
  'Slackbot',
  'Slack-ImgProxy',
  'Discordbot',
  'LinkedInBot',
  'WhatsApp',
  'TelegramBot',
  'Pinterest',
  'Googlebot',
  'Google-InspectionTool',
  'bingbot',
  'Applebot',
  'redditbot',
  'Mastodon',
  'Embedly',
  'SkypeUriPreview',
] as const;

const lowerCaseCrawlerTokens = crawlerUserAgentTokens.map((token) => token.toLowerCase());

export interface HotlinkRequest {
  referer: string | null;
  userAgent: string | null;
}

export function isKnownCrawler(userAgent: string | null): boolean {
  if (!userAgent) return false;
  const lower = userAgent.toLowerCase();
  return lowerCaseCrawlerTokens.some((token) => lower.includes(token));
}

/**
 * Allowed: no (or empty) Referer — direct visits, privacy settings, `no-referrer` pages, apps; a
 * Referer whose host is one of ours or a subdomain of one; a known crawler whatever its Referer.
 * Refused: any other Referer, including one that is not an http(s) URL. An empty host list allows
 * only the first and last cases, so a missing setting fails loudly instead of opening the door.
 */
export function isHotlinkAllowed(request: HotlinkRequest, allowedHosts: readonly string[]): boolean {
  const referer = request.referer?.trim() ?? '';
  if (referer === '') return true;
  if (isKnownCrawler(request.userAgent)) return true;
  const host = refererHost(referer);
  if (host === null) return false;
  return allowedHosts.some((allowed) => {
    const own = normalizeHost(allowed);
    return own !== '' && (host === own || host.endsWith(`.${own}`));
  });
}

function refererHost(referer: string): string | null {
  try {
    const url = new URL(referer);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return null;
  }
}

function normalizeHost(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/[/:].*$/, '')
    .replace(/^\*?\./, '')
    .replace(/\.$/, '');
}

/** `ALLOWED_HOSTS` as configured: comma- or whitespace-separated; schemes, ports and `*.` tolerated. */
export function parseAllowedHosts(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(/[\s,]+/)
    .map(normalizeHost)
    .filter((host) => host !== '');
}
