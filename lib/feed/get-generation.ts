import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/lib/db/get-db';
import { generations } from '@/lib/db/schema';
import { feedColumns } from './feed-query';
import type { FeedItem } from './feed-types';

export interface GenerationDetail extends FeedItem {
  negativePrompt: string | null;
}

const idSchema = z.uuid();

/** One published generation for the detail view; drafts and malformed ids are simply not found. */
export async function getPublicGeneration(id: string): Promise<GenerationDetail | null> {
  if (!idSchema.safeParse(id).success) return null;
  const db = await getDb();
  const [row] = await db
    .select({ ...feedColumns, negativePrompt: generations.negativePrompt })
    .from(generations)
    .where(and(eq(generations.id, id), sql`${generations.status} = 'public'`))
    .limit(1);
  return row ?? null;
}
