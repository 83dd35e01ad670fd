import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/lib/db/get-db';
import { generations } from '@/lib/db/schema';
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
    .select({
      id: generations.id,
      src: generations.storageKey,
      width: generations.width,
      height: generations.height,
      blurhash: generations.blurhash,
      prompt: generations.prompt,
      negativePrompt: generations.negativePrompt,
      model: generations.model,
      author: generations.author,
      publishedAt: sql<string>`to_char(${generations.publishedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(generations)
    .where(and(eq(generations.id, id), sql`${generations.status} = 'public'`))
    .limit(1);
  return row ?? null;
}
