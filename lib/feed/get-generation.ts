import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { cache } from 'react';
import { z } from 'zod';
import type { Database } from '@/lib/db/client';
import { generations } from '@/lib/db/schema';
import { feedColumns } from './feed-query';
import type { FeedItem } from './feed-types';
import { type GenerationParameters, publicParameters } from './generation-parameters';

export interface GenerationDetail extends FeedItem {
  negativePrompt: string | null;
  /** Seed, steps, sampler, CFG: the public part of the generation data (generation-parameters.ts). */
  parameters: GenerationParameters;
}

const idSchema = z.uuid();

/** One published generation for the detail view; drafts and malformed ids are simply not found. */
export async function queryPublicGeneration(db: Database, id: string): Promise<GenerationDetail | null> {
  if (!idSchema.safeParse(id).success) return null;
  const [row] = await db
    .select({
      ...feedColumns,
      negativePrompt: generations.negativePrompt,
      seed: generations.seed,
      params: generations.params,
    })
    .from(generations)
    .where(and(eq(generations.id, id), sql`${generations.status} = 'public'`))
    .limit(1);
  if (!row) return null;
  const { seed, params, ...detail } = row;
  return { ...detail, parameters: publicParameters(seed, params) };
}

/**
 * The same, once per request: the detail page's metadata and body both ask for it, and React's
 * `cache` makes that one query (the process has one `db`, so the arguments match).
 */
export const getPublicGeneration = cache(queryPublicGeneration);
