import 'server-only';
import { and, sql } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { generations } from '@/lib/db/schema';
import { decodeCursor, encodeCursor, type FeedPosition } from './cursor';
import type { FeedRequest } from './feed-request';
import type { FeedItem, FeedPage } from './feed-types';

// Postgres renders the timestamp itself so that microseconds survive (a JS Date keeps milliseconds).
export const publishedAtIso = sql<string>`to_char(${generations.publishedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export const feedColumns = {
  id: generations.id,
  src: generations.storageKey,
  width: generations.width,
  height: generations.height,
  blurhash: generations.blurhash,
  prompt: generations.prompt,
  model: generations.model,
  author: generations.author,
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
 * One keyset page of the public feed, ordered by (published_at desc, id desc).
 * `after` walks to older items, `before` to newer ones; each reads limit + 1 rows to know whether
 * more exist, never an OFFSET, so page cost does not grow with depth.
 */
export async function queryFeedPage(db: Database, request: FeedRequest, secret: string): Promise<FeedPage> {
  const { limit } = request;
  const cursorOf = (item: FeedItem) => encodeCursor({ publishedAt: item.publishedAt, id: item.id }, secret);

  if (request.before) {
    const from = decodeCursor(request.before, secret);
    const rows = await db
      .select(feedColumns)
      .from(generations)
      .where(and(isPublic, sql`${position} > ${asPosition(from)}`))
      .orderBy(oldestFirst)
      .limit(limit + 1);
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

  const from = request.after ? decodeCursor(request.after, secret) : null;
  const rows = await db
    .select(feedColumns)
    .from(generations)
    .where(from ? and(isPublic, sql`${position} < ${asPosition(from)}`) : isPublic)
    .orderBy(newestFirst)
    .limit(limit + 1);
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
