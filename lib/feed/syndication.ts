import { Feed, type Item } from 'feed';
import { buildImageUrl, type ImageDeliveryConfig } from '@/lib/images/providers';
import { emittedWidth } from '@/lib/images/ladder';
import { type FeedFilter, filterSearchParams, isFiltered } from './feed-filter';
import type { FeedItem } from './feed-types';

/**
 * The feed as documents a reader follows: RSS 2.0, Atom 1.0 and JSON Feed 1.1 of the public feed or
 * of one search (`q`, `model`, `author`), built by the `feed` package. Pure: items in, text out, so
 * every field is asserted exactly (syndication.test.ts); the routes (lib/server/syndication-route.ts)
 * only read the items and set the headers.
 */

/** Items per document: a day or two of publishing, and one short database walk (docs/discovery.md). */
export const SYNDICATION_ITEM_COUNT = 50;
/** The image each item carries: the detail view's own rung, so a reader's fetch is usually a cache hit. */
export const SYNDICATION_IMAGE_WIDTH = 1280;

export const syndicationFormats = {
  rss: { path: '/feed.xml', mediaType: 'application/rss+xml', label: 'RSS' },
  atom: { path: '/feed.atom', mediaType: 'application/atom+xml', label: 'Atom' },
  json: { path: '/feed.json', mediaType: 'application/feed+json', label: 'JSON Feed' },
} as const;
export type SyndicationFormat = keyof typeof syndicationFormats;
export const syndicationFormatNames = Object.keys(syndicationFormats) as SyndicationFormat[];

export function syndicationContentType(format: SyndicationFormat): string {
  return `${syndicationFormats[format].mediaType}; charset=utf-8`;
}

/** Where the site is and how its images are delivered (PUBLIC_URL and the delivery config). */
export interface SyndicationSite {
  /** The public origin, no trailing slash. */
  publicUrl: string;
  delivery: ImageDeliveryConfig;
}

/** A root-relative URL (the app's own `/i/` when ASSET_BASE_URL is empty) made absolute under PUBLIC_URL. */
export function absoluteUrl(publicUrl: string, url: string): string {
  return url.startsWith('/') ? `${publicUrl}${url}` : url;
}

export function imageUrlOf(
  site: SyndicationSite,
  item: Pick<FeedItem, 'src' | 'width'>,
  width: number,
): string {
  return absoluteUrl(site.publicUrl, buildImageUrl(site.delivery, item.src, width, item.width));
}

export function generationUrl(publicUrl: string, id: string): string {
  return `${publicUrl}/g/${encodeURIComponent(id)}`;
}

const withQuery = (path: string, filter: FeedFilter) => {
  const query = filterSearchParams(filter).toString();
  return query ? `${path}?${query}` : path;
};

/** The document of one format for `filter`, root-relative: what the pages' `<link rel="alternate">` name. */
export function syndicationPath(format: SyndicationFormat, filter: FeedFilter): string {
  return withQuery(syndicationFormats[format].path, filter);
}

/**
 * What a document carries for a filter: `general` generations only unless the reader asked for a
 * rating (`rating=sensitive`). A reader shows pictures as they come, with no cover a visitor lifts.
 */
export function syndicatedFilter(filter: FeedFilter): FeedFilter {
  return filter.rating === null ? { ...filter, rating: 'general' } : filter;
}

/** Words naming a filter, as the feed head's title names it. */
export function filterTitle(filter: FeedFilter): string {
  const named = [
    filter.q && `“${filter.q}”`,
    filter.model,
    filter.author && `by ${filter.author}`,
    filter.rating && `${filter.rating} only`,
  ];
  return named.filter(Boolean).join(' · ');
}

export function syndicationTitle(filter: FeedFilter): string {
  return isFiltered(filter) ? `Vitrine · ${filterTitle(filter)}` : 'Vitrine';
}

/**
 * `metadata.alternates.types` of the page a filter's feed mirrors: one link per format, relative
 * (Next resolves it against `metadataBase`, PUBLIC_URL).
 */
export function syndicationAlternates(filter: FeedFilter): Record<string, { url: string; title: string }[]> {
  const title = syndicationTitle(filter);
  return Object.fromEntries(
    syndicationFormatNames.map((format) => [
      syndicationFormats[format].mediaType,
      [{ url: syndicationPath(format, filter), title: `${title} (${syndicationFormats[format].label})` }],
    ]),
  );
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!,
  );

/** An item's title: its prompt, whitespace collapsed, cut at a word near 100 characters. */
export function itemTitle(prompt: string): string {
  const text = prompt.replace(/\s+/g, ' ').trim();
  if (text.length <= 100) return text;
  const cut = text.slice(0, 99);
  // Cut at the last whole word (the 100th character being a space means the cut already is one).
  const space = text[99] === ' ' ? cut.length : cut.lastIndexOf(' ');
  return `${(space > 60 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Heights follow the stored aspect ratio; `/i/` never enlarges, so a small source keeps its width. */
export function servedSize(item: Pick<FeedItem, 'width' | 'height'>, rung: number) {
  // The rung the URL names (never one above the source), and never enlarged past the source.
  const width = Math.min(emittedWidth(rung, item.width), item.width);
  return { width, height: Math.round((width * item.height) / item.width) };
}

/**
 * RSS and Atom carry no enclosure: an enclosure states a type and a length, and the image URL is
 * negotiated (AVIF or WebP to a reader that accepts them, else JPEG or PNG), so any stated type is
 * wrong for some reader and no length holds for all. RSS gets Media RSS's `media:content` instead
 * (a URL, `medium="image"` and the served size; Media RSS makes its `type` optional), JSON Feed its
 * `image` (a URL only), and every format the `<img>` in the item's content.
 */
const mediaNamespace = 'http://search.yahoo.com/mrss/';

function itemOf(item: FeedItem, site: SyndicationSite, format: SyndicationFormat): Item {
  // RSS and Atom carry titles and summaries as HTML (Atom says so: `type="html"`), so a prompt's `<`
  // or `&` is escaped there; JSON Feed's `title` and `summary` are plain text.
  const markup = format !== 'json';
  const link = generationUrl(site.publicUrl, item.id);
  const image = imageUrlOf(site, item, SYNDICATION_IMAGE_WIDTH);
  const { width, height } = servedSize(item, SYNDICATION_IMAGE_WIDTH);
  const date = new Date(item.publishedAt);
  const prompt = escapeHtml(item.prompt);
  return {
    title: markup ? escapeHtml(itemTitle(item.prompt)) : itemTitle(item.prompt),
    id: link,
    link,
    date,
    published: date,
    description: markup ? prompt : item.prompt,
    content:
      `<p><a href="${escapeHtml(link)}"><img src="${escapeHtml(image)}" width="${width}" height="${height}" alt="${prompt}"></a></p>` +
      `<p>${prompt}</p><p>${escapeHtml(item.model)} · by ${escapeHtml(item.author)}</p>`,
    category: [{ name: item.model, term: item.model }],
    // RSS's own <author> is an e-mail address; a handle goes in Dublin Core's dc:creator.
    ...(format === 'rss'
      ? {
          extensions: [
            { name: 'dc:creator', objects: { _text: item.author } },
            {
              name: 'media:content',
              objects: { _attributes: { url: image, medium: 'image', width, height } },
            },
          ],
        }
      : { author: [{ name: item.author }] }),
    ...(format === 'json' ? { image } : {}),
  };
}

/** The library's document for `items` (newest first, as the feed query returns them). */
function feedOf(
  items: readonly FeedItem[],
  filter: FeedFilter,
  site: SyndicationSite,
  format: SyndicationFormat,
): Feed {
  const home = absoluteUrl(site.publicUrl, withQuery('/', filter));
  const feedLink = (format: SyndicationFormat) =>
    absoluteUrl(site.publicUrl, syndicationPath(format, filter));
  const feed = new Feed({
    id: home,
    title: syndicationTitle(filter),
    description: isFiltered(filter)
      ? `Public AI generations on Vitrine: ${filterTitle(filter)}`
      : 'Public AI generations on Vitrine, newest first',
    link: home,
    language: 'en',
    favicon: `${site.publicUrl}/icon.svg`,
    // The newest item's date, never "now": the same items give the same bytes (caches and ETags agree).
    updated: new Date(items[0]?.publishedAt ?? 0),
    generator: 'Vitrine',
    feedLinks: { rss: feedLink('rss'), atom: feedLink('atom'), json: feedLink('json') },
  });
  for (const item of items) feed.addItem(itemOf(item, site, format));
  return feed;
}

interface JsonFeedAuthor {
  name?: string;
  url?: string;
}
type JsonFeedDocument = Record<string, unknown> & {
  author?: JsonFeedAuthor;
  items: (Record<string, unknown> & { author?: JsonFeedAuthor })[];
};

/**
 * The library writes JSON Feed 1.0; 1.1 only renames `author` to `authors` (a list) and adds
 * `language`, so its document is upgraded in place rather than written by hand.
 */
function jsonFeed11(json1: string): string {
  const document = JSON.parse(json1) as JsonFeedDocument;
  const { author, items, ...rest } = document;
  const upgraded = {
    ...rest,
    version: 'https://jsonfeed.org/version/1.1',
    language: 'en',
    ...(author ? { authors: [author] } : {}),
    items: items.map(({ author: itemAuthor, ...item }) => ({
      ...item,
      ...(itemAuthor ? { authors: [itemAuthor] } : {}),
    })),
  };
  return JSON.stringify(upgraded);
}

export function renderSyndication(
  format: SyndicationFormat,
  items: readonly FeedItem[],
  filter: FeedFilter,
  site: SyndicationSite,
): string {
  const feed = feedOf(items, filter, site, format);
  // The library declares the namespaces of what it writes itself; Media RSS's is added here.
  if (format === 'rss') return feed.rss2().replace('<rss ', `<rss xmlns:media="${mediaNamespace}" `);
  if (format === 'atom') return feed.atom1();
  return jsonFeed11(feed.json1());
}
