import 'server-only';
import { desc, eq } from 'drizzle-orm';
import type { Actor } from '@/lib/auth/request-guard';
import type { Database } from '@/lib/db/client';
import { isoTimestamp } from '@/lib/db/iso-timestamp';
import { generationEventKind, generationEvents } from '@/lib/db/schema';
import { uuidV7 } from '@/lib/db/uuid-v7';

/**
 * A generation's record: every state change (uploaded, submitted, published, edited, unpublished,
 * hidden, deleted, reported, dismissed) with who made it and when, written in the same transaction
 * as the change wherever the change has one. Shown in the studio's side panel
 * (`GET /api/generations/:id/events`). Kept after a delete: the record says who deleted it.
 */
export type GenerationEventKind = (typeof generationEventKind.enumValues)[number];
export const generationEventKinds = generationEventKind.enumValues;

export interface GenerationEvent {
  id: string;
  kind: GenerationEventKind;
  /** `curator:<email>`, `token:<name>`, `visitor`, `cli:<command>`, or `system` (no one asked). */
  actor: string;
  detail: Record<string, unknown>;
  /** ISO-8601 UTC with microseconds. */
  at: string;
}

/** Who acted, as the record names them. */
export function actorLabel(actor: Actor): string {
  return actor.kind === 'curator' ? `curator:${actor.email}` : `token:${actor.name}`;
}

/** The actor of work no one asked for by name (a test, a benchmark, the queue's own retries). */
export const SYSTEM_ACTOR = 'system';

export async function recordEvent(
  db: Database,
  generationId: string,
  kind: GenerationEventKind,
  actor: string,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await db.insert(generationEvents).values({ id: uuidV7(), generationId, kind, actor, detail });
}

/** The record, newest first (the last 200 changes: an item's story, not an audit export). */
export function listEvents(db: Database, generationId: string): Promise<GenerationEvent[]> {
  return db
    .select({
      id: generationEvents.id,
      kind: generationEvents.kind,
      actor: generationEvents.actor,
      detail: generationEvents.detail,
      at: isoTimestamp(generationEvents.createdAt),
    })
    .from(generationEvents)
    .where(eq(generationEvents.generationId, generationId))
    .orderBy(desc(generationEvents.id))
    .limit(200);
}
