import { z } from 'zod';
import { type FeedFilter, parseFeedFilter } from './feed-filter';
import { FEED_DEFAULT_LIMIT, FEED_MAX_LIMIT } from './feed-types';

/** Validates `GET /api/feed` query parameters; any problem is a 400 through the error contract. */
export const feedRequestSchema = z
  .object({
    limit: z.coerce
      .number({ error: 'limit must be a whole number' })
      .int('limit must be a whole number')
      .min(1, `limit must be between 1 and ${FEED_MAX_LIMIT}`)
      .max(FEED_MAX_LIMIT, `limit must be between 1 and ${FEED_MAX_LIMIT}`)
      .default(FEED_DEFAULT_LIMIT),
    after: z.string().min(1, 'after must not be empty').optional(),
    before: z.string().min(1, 'before must not be empty').optional(),
  })
  .refine((request) => !(request.after && request.before), {
    message: 'Use either after or before, not both',
  });

/** A page of the feed, narrowed by `filter` (none: every public item). */
export type FeedRequest = z.infer<typeof feedRequestSchema> & { filter?: FeedFilter };

/** `GET /api/feed`'s query: paging (`limit`, `after`, `before`) and the filter (`q`, `model`, `author`). */
export function parseFeedRequest(params: URLSearchParams): FeedRequest {
  return { ...parsePaging(params), filter: parseFeedFilter(params) };
}

function parsePaging(params: URLSearchParams) {
  const raw: Record<string, string> = {};
  for (const key of ['limit', 'after', 'before'] as const) {
    const values = params.getAll(key);
    if (values.length > 1)
      throw new z.ZodError([{ code: 'custom', path: [key], message: `${key} given twice`, input: values }]);
    if (values[0] !== undefined) raw[key] = values[0];
  }
  return feedRequestSchema.parse(raw);
}
