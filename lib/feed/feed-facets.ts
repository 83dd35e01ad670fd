import 'server-only';
import { desc, sql } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { generations } from '@/lib/db/schema';
import { noFilter } from './feed-filter';
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
 * The most frequent models and authors among the public items matching `q` (all of them without
 * one), most frequent first, ties by name: what the search box offers as chips.
 */
export async function queryFacets(db: Database, q: string | null): Promise<FeedFacets> {
  const matching = filterCondition({ ...noFilter, q });
  const top = (column: typeof generations.model | typeof generations.author) => {
    const count = sql<number>`count(*)::int`;
    return db
      .select({ name: column, count })
      .from(generations)
      .where(matching)
      .groupBy(column)
      .orderBy(desc(count), column)
      .limit(FACET_LIMIT);
  };
  const [models, authors] = await Promise.all([top(generations.model), top(generations.author)]);
  return { models, authors };
}
