import { z } from 'zod';

/**
 * What a visitor narrowed the feed to: words from the prompt (`q`), a model, an author, a content
 * rating — any combination, each optional. Pure: the API, the pages, the cursor and the client
 * share it.
 */
export interface FeedFilter {
  q: string | null;
  model: string | null;
  author: string | null;
  /** Only `general` or only `sensitive` generations; null: both. */
  rating: FeedRating | null;
}

export const feedRatings = ['general', 'sensitive'] as const;
export type FeedRating = (typeof feedRatings)[number];

export const FEED_FILTER_KEYS = ['q', 'model', 'author', 'rating'] as const;
export const MAX_QUERY_LENGTH = 200;
/** Models and authors are short names; anything longer cannot match and is refused. */
export const MAX_NAME_LENGTH = 200;
/** More words than this narrow nothing further and only cost the planner. */
const MAX_TERMS = 8;

export const noFilter: FeedFilter = { q: null, model: null, author: null, rating: null };

/** Trimmed, inner whitespace collapsed, empty as absent: `?q=` and `?q=%20` mean no search. */
function clean(value: string | null | undefined): string | null {
  const text = value?.replace(/\s+/g, ' ').trim() ?? '';
  return text === '' ? null : text;
}

/** Text a person can type: control characters (NUL among them, which Postgres text refuses) are not. */
const typed = (key: string, max: number) =>
  z
    .string()
    .max(max, `${key} must be at most ${max} characters`)
    .refine(
      (value) => ![...value].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f),
      `${key} must not contain control characters`,
    )
    .nullable();

/** The filter's query parameters, each optional (null: not given). */
export const feedFilterSchema = z.object({
  q: typed('q', MAX_QUERY_LENGTH),
  model: typed('model', MAX_NAME_LENGTH),
  author: typed('author', MAX_NAME_LENGTH),
  rating: z.enum(feedRatings, { error: 'rating must be general or sensitive' }).nullable(),
});

/** Reads and validates the filter from query parameters; a repeated key or a bad value is a ZodError (→ 400). */
export function parseFeedFilter(params: URLSearchParams): FeedFilter {
  const raw: Record<string, string | null> = {};
  for (const key of FEED_FILTER_KEYS) {
    const values = params.getAll(key);
    if (values.length > 1)
      throw new z.ZodError([{ code: 'custom', path: [key], message: `${key} given twice`, input: values }]);
    raw[key] = clean(values[0]);
  }
  return feedFilterSchema.parse(raw);
}

export function isFiltered(filter: FeedFilter): boolean {
  return filter.q !== null || filter.model !== null || filter.author !== null || filter.rating !== null;
}

/** One canonical string per filter: what a cursor is bound to, and what names a cached head page. */
export function filterKey(filter: FeedFilter): string {
  return isFiltered(filter) ? JSON.stringify([filter.q, filter.model, filter.author, filter.rating]) : '';
}

/**
 * The words of a search, for Postgres' `to_tsquery`: letters and digits only (so nothing a visitor
 * types is syntax), lower-cased, at most 8. Every word must match; the last one also as a prefix,
 * because it may still be being typed.
 */
export function searchTerms(q: string): string[] {
  return (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, MAX_TERMS);
}

export function tsQueryText(terms: readonly string[]): string {
  return terms.map((term, i) => (i === terms.length - 1 ? `${term}:*` : term)).join(' & ');
}

/**
 * The feed's URL with one filter changed (`null` removes it), keeping the rest of `current` (the query
 * of the page the visitor is on; empty off the feed): what the search box and the chips link to.
 */
export function feedHrefWith(
  current: URLSearchParams,
  key: (typeof FEED_FILTER_KEYS)[number],
  value: string | null,
): string {
  const next = new URLSearchParams(current);
  if (value === null) next.delete(key);
  else next.set(key, value);
  const query = next.toString();
  return query ? `/?${query}` : '/';
}

/** The filter as a query string for `/` and `/api/feed` (keys in a fixed order; none when unfiltered). */
export function filterSearchParams(filter: FeedFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FEED_FILTER_KEYS) {
    const value = filter[key];
    if (value !== null) params.set(key, value);
  }
  return params;
}
