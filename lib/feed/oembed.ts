import { z } from 'zod';
import { ladderWidthsFor } from '@/lib/images/ladder';
import { feedRatings } from './feed-filter';
import type { FeedItem } from './feed-types';
import { generationUrl, imageUrlOf, type SyndicationSite, servedSize } from './syndication';

/**
 * oEmbed 1.0 for `/g/<id>` (https://oembed.com): what a chat or a CMS asks when a link to one
 * generation is pasted, answered as a `photo`. Pure: the route (app/api/oembed/route.ts) reads the
 * generation and maps refusals to the error contract.
 */

/** Without `maxwidth`: the detail view's rung, as the feeds carry. */
const DEFAULT_WIDTH = 1280;

const dimension = (key: string) =>
  z.coerce
    .number({ error: `${key} must be a whole number of pixels` })
    .int(`${key} must be a whole number of pixels`)
    .min(1, `${key} must be at least 1`)
    .max(100_000, `${key} must be at most 100000`)
    .optional();

const oembedRequestSchema = z.object({
  url: z.string({ error: 'url is required' }).min(1, 'url is required').max(2048, 'url is too long'),
  maxwidth: dimension('maxwidth'),
  maxheight: dimension('maxheight'),
  format: z.enum(['json', 'xml'], { error: 'format must be json or xml' }).default('json'),
  /** `sensitive`: the consumer will show sensitive generations too (otherwise they are not embeddable). */
  rating: z.enum(feedRatings, { error: 'rating must be general or sensitive' }).optional(),
});
export type OembedRequest = z.infer<typeof oembedRequestSchema>;

/** Validates `GET /api/oembed`'s query; a repeated key or a bad value is a ZodError (→ 400). */
export function parseOembedRequest(params: URLSearchParams): OembedRequest {
  const raw: Record<string, string> = {};
  for (const key of ['url', 'maxwidth', 'maxheight', 'format', 'rating'] as const) {
    const values = params.getAll(key);
    if (values.length > 1)
      throw new z.ZodError([{ code: 'custom', path: [key], message: `${key} given twice`, input: values }]);
    if (values[0] !== undefined && values[0] !== '') raw[key] = values[0];
  }
  return oembedRequestSchema.parse(raw);
}

/**
 * The generation id a URL names, when it is this site's `/g/<id>` (scheme and host of PUBLIC_URL, a
 * query or fragment allowed); null for anything else, which the route answers 404 as the spec asks.
 */
export function generationIdOf(url: string, publicUrl: string): string | null {
  let parsed: URL;
  let site: URL;
  try {
    parsed = new URL(url);
    site = new URL(`${publicUrl}/`);
  } catch {
    return null;
  }
  if (parsed.origin !== site.origin) return null;
  const base = site.pathname.replace(/\/$/, '');
  if (!parsed.pathname.startsWith(`${base}/g/`)) return null;
  const match = /^([^/]+)\/?$/.exec(parsed.pathname.slice(base.length + 3));
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return null;
  }
}

export interface OembedPhoto {
  version: '1.0';
  type: 'photo';
  url: string;
  width: number;
  height: number;
  title: string;
  author_name: string;
  provider_name: 'Vitrine';
  provider_url: string;
}

/**
 * The widest ladder rung the source fills whose image fits `maxwidth` and `maxheight` (1280 without them) at the
 * stored aspect ratio, and that image's true size: `/i/` never enlarges, so a source narrower than
 * the rung keeps its own width. When no rung fits, the smallest, shown at the size that fits.
 */
export function oembedImage(
  item: Pick<FeedItem, 'width' | 'height'>,
  limits: { maxwidth?: number | undefined; maxheight?: number | undefined },
) {
  const byHeight =
    limits.maxheight === undefined ? Infinity : Math.floor((limits.maxheight * item.width) / item.height);
  const fit = Math.max(1, Math.min(item.width, limits.maxwidth ?? DEFAULT_WIDTH, byHeight));
  // Only the rungs the source fills are emitted (its display set: lib/image-guard/display-set.ts).
  const offered = ladderWidthsFor(item.width);
  const fitting = offered.filter((width) => Math.min(width, item.width) <= fit);
  const rung = fitting.at(-1) ?? offered[0]!;
  const served = servedSize(item, rung);
  if (served.width <= fit) return { rung, ...served };
  return { rung, width: fit, height: Math.round((fit * item.height) / item.width) };
}

/** An embed shows the picture as it is: a sensitive one only to a consumer that asked (`rating=sensitive`). */
export function embeddable(item: Pick<FeedItem, 'rating'>, request: Pick<OembedRequest, 'rating'>): boolean {
  return item.rating === 'general' || request.rating === 'sensitive';
}

export function oembedPhoto(item: FeedItem, site: SyndicationSite, request: OembedRequest): OembedPhoto {
  const { rung, width, height } = oembedImage(item, request);
  return {
    version: '1.0',
    type: 'photo',
    url: imageUrlOf(site, item, rung),
    width,
    height,
    title: item.prompt.replace(/\s+/g, ' ').trim(),
    author_name: item.author,
    provider_name: 'Vitrine',
    provider_url: `${site.publicUrl}/`,
  };
}

/** The discovery link `/g/<id>` carries (relative: Next resolves it against PUBLIC_URL). */
export function oembedDiscoveryPath(publicUrl: string, id: string): string {
  const params = new URLSearchParams({ url: generationUrl(publicUrl, id), format: 'json' });
  return `/api/oembed?${params}`;
}
