import 'server-only';
import { and, type SQL, sql } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { isoTimestamp } from '@/lib/db/iso-timestamp';
import { generations } from '@/lib/db/schema';
import { decodeCursor, encodeCursor, type FeedPosition } from './cursor';
import { type FeedFilter, filterKey, noFilter, searchTerms, tsQueryText } from './feed-filter';
import type { FeedRequest } from './feed-request';
import type { FeedItem, FeedPage } from './feed-types';

// Postgres renders the timestamp itself so that microseconds survive (a JS Date keeps milliseconds).
export const publishedAtIso = isoTimestamp(generations.publishedAt);

export const feedColumns = {
  id: generations.id,
  src: generations.storageKey,
  width: generations.width,
  height: generations.height,
  blurhash: generations.blurhash,
  prompt: generations.prompt,
  model: generations.model,
  author: generations.author,
  rating: generations.rating,
  publishedAt: publishedAtIso,
};

// A literal, not a bound parameter, so the planner can match the partial index's predicate.
const isPublic = sql`${generations.status} = 'public'`;
const position = sql`(${generations.publishedAt}, ${generations.id})`;
const asPosition = (cursor: FeedPosition) => sql`(${cursor.publishedAt}::timestamptz, ${cursor.id}::uuid)`;
// Orders exactly like generations_public_feed_idx (DESC NULLS LAST), so one index scan serves both ways.
const newestFirst = sql`${generations.publishedAt} desc nulls last, ${generations.id} desc nulls last`;
const oldestFirst = sql`${generations.publishedAt} asc nulls first, ${generations.id} asc nulls first`;

/**
 * The public rows a filter keeps: every word of `q` in the prompt (English stemming, the last word
 * also as a prefix: it may still be being typed), exactly `model`, exactly `author`, exactly
 * `rating`. A search with
 * no word left (only punctuation) matches nothing rather than everything.
 */
export function filterCondition(filter: FeedFilter): SQL {
  const terms = filter.q === null ? null : searchTerms(filter.q);
  return and(
    isPublic,
    terms === null
      ? undefined
      : terms.length === 0
        ? sql`false`
        : sql`${generations.promptSearch} @@ to_tsquery('english', ${tsQueryText(terms)})`,
    filter.model === null ? undefined : sql`${generations.model} = ${filter.model}`,
    filter.author === null ? undefined : sql`${generations.author} = ${filter.author}`,
    filter.rating === null ? undefined : sql`${generations.rating} = ${filter.rating}`,
  )!;
}

/** The rows of one page (plus one, to know whether more exist), newest or oldest first. */
export function feedRowsQuery(db: Database, where: SQL, order: 'newest' | 'oldest', limit: number) {
  return db
    .select(feedColumns)
    .from(generations)
    .where(where)
    .orderBy(order === 'newest' ? newestFirst : oldestFirst)
    .limit(limit + 1);
}

/**
 * One keyset page of the public feed, or of a search in it, ordered by (published_at desc, id
 * desc). `after` walks to older items, `before` to newer ones; each reads limit + 1 rows to know
 * whether more exist, never an OFFSET, so page cost does not grow with depth. Cursors are bound to
 * the filter they were issued for.
 */
export async function queryFeedPage(db: Database, request: FeedRequest, secret: string): Promise<FeedPage> {
  const { limit } = request;
  const filter = request.filter ?? noFilter;
  const key = filterKey(filter);
  const matching = filterCondition(filter);
  const cursorOf = (item: FeedItem) =>
    encodeCursor({ publishedAt: item.publishedAt, id: item.id }, secret, key);

  if (request.before) {
    const from = decodeCursor(request.before, secret, key);
    const rows = await feedRowsQuery(
      db,
      and(matching, sql`${position} > ${asPosition(from)}`)!,
      'oldest',
      limit,
    );
    const hasNewer = rows.length > limit;
    const items = rows.slice(0, limit).reverse();
    const first = items[0];
    const last = items.at(-1);
    return {
      items,
      nextCursor: last ? cursorOf(last) : null,
      prevCursor: hasNewer && first ? cursorOf(first) : null,
    };
  }

  const from = request.after ? decodeCursor(request.after, secret, key) : null;
  const where = from ? and(matching, sql`${position} < ${asPosition(from)}`)! : matching;
  const rows = await feedRowsQuery(db, where, 'newest', limit);
  const hasOlder = rows.length > limit;
  const items = rows.slice(0, limit);
  const first = items[0];
  const last = items.at(-1);
  return {
    items,
    nextCursor: hasOlder && last ? cursorOf(last) : null,
    // The head page has nothing newer; a page reached through `after` always does.
    prevCursor: from && first ? cursorOf(first) : null,
  };
}
