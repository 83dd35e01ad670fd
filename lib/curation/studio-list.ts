import 'server-only';
import { and, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { ApiError } from '@/lib/api/errors';
import type { Database } from '@/lib/db/client';
import { isoTimestamp } from '@/lib/db/iso-timestamp';
import { generations } from '@/lib/db/schema';
import { feedFilterSchema, feedRatings, searchTerms, tsQueryText } from '@/lib/feed/feed-filter';
import { hasOpenReports, type ReportSummary, reportSummaries } from '@/lib/moderation/reported';
import type { CuratorGeneration } from './curator-generation';
import { curatorColumns, generationStatuses } from './generation-record';
import { decodeStudioCursor, encodeStudioCursor } from './studio-cursor';

/**
 * `GET /api/generations`: every generation a curator may see — any state, scale rows included —
 * newest first by keyset pages on `(created_at, id)`, narrowed by any mix of prompt words (`q`, as
 * the feed searches them; or an id, or a `/g/<id>` URL), `model`, `author`, `status`, `rating` and
 * `reported=true` (open reports).
 * Each page is one index walk whatever its depth (docs/moderation.md, "The studio").
 */
export const studioListQuerySchema = z
  .object({
    status: z
      .enum(generationStatuses, { error: `status must be one of ${generationStatuses.join(', ')}` })
      .optional(),
    reported: z.literal('true', { error: 'reported must be true' }).optional(),
    q: feedFilterSchema.shape.q.unwrap().optional(),
    model: feedFilterSchema.shape.model.unwrap().optional(),
    author: feedFilterSchema.shape.author.unwrap().optional(),
    rating: z.enum(feedRatings, { error: 'rating must be general or sensitive' }).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(200),
    after: z.string().max(200, 'after is not a cursor of this list').optional(),
  })
  .strict();
export type StudioListQuery = z.infer<typeof studioListQuerySchema>;

/** A listed generation, with its open reports' summary when it has any. */
export type ListedGeneration = CuratorGeneration & { reports?: ReportSummary };

export interface StudioPage {
  items: ListedGeneration[];
  nextCursor: string | null;
}

const createdAtIso = isoTimestamp(generations.createdAt);

/**
 * A generation's id, pasted alone or as its page's URL (a visitor's report, a link in a mail): the
 * search finds that one row, whatever its depth in the list.
 */
const ID_IN_QUERY =
  /^(?:\S*\/g\/)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[/?#]\S*)?$/i;

function conditions(query: StudioListQuery): SQL | undefined {
  const id = query.q === undefined ? undefined : ID_IN_QUERY.exec(query.q.trim())?.[1]?.toLowerCase();
  const terms = query.q === undefined || id !== undefined ? null : searchTerms(query.q);
  return and(
    id === undefined ? undefined : sql`${generations.id} = ${id}::uuid`,
    query.status === undefined ? undefined : sql`${generations.status} = ${query.status}`,
    query.rating === undefined ? undefined : sql`${generations.rating} = ${query.rating}`,
    query.model === undefined ? undefined : sql`${generations.model} = ${query.model}`,
    query.author === undefined ? undefined : sql`${generations.author} = ${query.author}`,
    terms === null
      ? undefined
      : terms.length === 0
        ? sql`false`
        : sql`${generations.promptSearch} @@ to_tsquery('english', ${tsQueryText(terms)})`,
    query.reported === undefined ? undefined : hasOpenReports(generations.id),
  );
}

export async function listStudioPage(db: Database, query: StudioListQuery): Promise<StudioPage> {
  const position = query.after === undefined ? null : decodeStudioCursor(query.after);
  if (query.after !== undefined && position === null)
    throw new ApiError('bad_request', 'after is not a cursor of this list.');
  const rows = await db
    .select({ ...curatorColumns, position: createdAtIso })
    .from(generations)
    .where(
      and(
        conditions(query),
        position === null
          ? undefined
          : sql`(${generations.createdAt}, ${generations.id}) < (${position.createdAt}::timestamptz, ${position.id}::uuid)`,
      ),
    )
    // Exactly the studio indexes' order (DESC NULLS LAST), so a page is one walk of one of them.
    .orderBy(sql`${generations.createdAt} desc nulls last, ${generations.id} desc nulls last`)
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const summaries = await reportSummaries(
    db,
    page.map((row) => row.id),
  );
  const last = page.at(-1);
  return {
    items: page.map(({ position: _, ...row }) => {
      const reports = summaries.get(row.id);
      return reports ? { ...row, reports } : row;
    }),
    nextCursor:
      rows.length > query.limit && last
        ? encodeStudioCursor({ createdAt: last.position, id: last.id })
        : null,
  };
}
