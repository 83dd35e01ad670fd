import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/lib/db/client';
import { isoTimestamp } from '@/lib/db/iso-timestamp';
import { generations } from '@/lib/db/schema';
import type { CuratorGeneration } from './curator-generation';

export const curatorColumns = {
  id: generations.id,
  status: generations.status,
  src: generations.storageKey,
  width: generations.width,
  height: generations.height,
  blurhash: generations.blurhash,
  format: generations.format,
  bytes: generations.bytes,
  prompt: generations.prompt,
  negativePrompt: generations.negativePrompt,
  model: generations.model,
  author: generations.author,
  rating: generations.rating,
  seed: generations.seed,
  params: generations.params,
  createdAt: isoTimestamp(generations.createdAt),
  updatedAt: isoTimestamp(generations.updatedAt),
  publishedAt: sql<string | null>`${isoTimestamp(generations.publishedAt)}`,
  publishProgress: sql<{ done: number; total: number } | null>`case when ${generations.status} = 'publishing'
    then json_build_object('done', coalesce(${generations.publishDone}, 0), 'total', coalesce(${generations.publishTotal}, 0))
    end`,
  publishError: generations.publishError,
  hiddenReason: generations.hiddenReason,
};

export const generationIdSchema = z.uuid({ error: 'Not a generation id.' });

/** `sentBy`: only a generation that API token sent (what a `submit` token may read back). */
export async function findGeneration(
  db: Database,
  id: string,
  sentBy?: { apiTokenId: string },
): Promise<CuratorGeneration | null> {
  if (!generationIdSchema.safeParse(id).success) return null;
  const [row] = await db
    .select(curatorColumns)
    .from(generations)
    .where(and(eq(generations.id, id), sentBy ? eq(generations.apiTokenId, sentBy.apiTokenId) : undefined))
    .limit(1);
  return row ?? null;
}

export async function findGenerationBySha(db: Database, sha256: string): Promise<CuratorGeneration | null> {
  const [row] = await db
    .select(curatorColumns)
    .from(generations)
    .where(and(eq(generations.sha256, sha256), eq(generations.synthetic, false)))
    .limit(1);
  return row ?? null;
}

export const generationStatuses = generations.status.enumValues;

/** Sets the given fields; a published generation shows them in the feed at once. */
export async function updateGeneration(
  db: Database,
  id: string,
  fields: Partial<
    Pick<CuratorGeneration, 'prompt' | 'negativePrompt' | 'model' | 'author' | 'seed' | 'rating'>
  >,
): Promise<CuratorGeneration | null> {
  if (!generationIdSchema.safeParse(id).success) return null;
  const set = {
    ...fields,
    ...(fields.negativePrompt === '' ? { negativePrompt: null } : {}),
    updatedAt: sql`now()`,
  };
  const [row] = await db
    .update(generations)
    .set(set)
    .where(eq(generations.id, id))
    .returning({ id: generations.id });
  return row ? findGeneration(db, id) : null;
}
