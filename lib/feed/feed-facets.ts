import 'server-only';
import { desc, sql } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { generations } from '@/lib/db/schema';
import type { FeedFilter } from './feed-filter';
import { filterCondition } from './feed-query';

export interface Facet {
  name: string;
  count: number;
}

export interface FeedFacets {
  models: Facet[];
  authors: Facet[];
}

/** Chips, not an index: the few most frequent are what a visitor picks from. */
export const FACET_LIMIT = 8;

/**
 * The most frequent models and authors among the public items of a filter, most frequent first, ties
 * by name: what the header offers as chips. Each facet is counted under the rest of the filter, not
 * under its own value: the model chips of `/?author=ann` count ann's items per model (and so say
 * what picking one leaves), and a chosen model does not reduce the model chips to itself.
 */
export async function queryFacets(db: Database, filter: FeedFilter): Promise<FeedFacets> {
  const top = (column: typeof generations.model | typeof generations.author) => {
    const count = sql<number>`count(*)::int`;
    const others = column === generations.model ? { ...filter, model: null } : { ...filter, author: null };
    return db
      .select({ name: column, count })
      .from(generations)
      .where(filterCondition(others))
      .groupBy(column)
      .orderBy(desc(count), column)
      .limit(FACET_LIMIT);
  };
  const [models, authors] = await Promise.all([top(generations.model), top(generations.author)]);
  return { models, authors };
}
