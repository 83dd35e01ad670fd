import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, lte, sql } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { curators, sessions } from '@/lib/db/schema';

/** A session lasts a week from login; logout, a password change or removing the account end it sooner. */
export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;

export interface SessionCurator {
  id: string;
  email: string;
}

/** Only the hash is stored: a copy of the table cannot be replayed as cookies. */
function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(db: Database, curatorId: string, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.transaction(async (tx) => {
    // Expired sessions of this account go when it logs in again: the table stays small.
    await tx
      .delete(sessions)
      .where(and(eq(sessions.curatorId, curatorId), lte(sessions.expiresAt, now.toISOString())));
    await tx.insert(sessions).values({
      tokenHash: tokenHash(token),
      curatorId,
      expiresAt: new Date(now.getTime() + SESSION_TTL_MS).toISOString(),
    });
  });
  return token;
}

/** The curator a session token belongs to, while it is valid; null for anything else. */
export async function curatorForSession(
  db: Database,
  token: string | undefined,
  now = new Date(),
): Promise<SessionCurator | null> {
  if (!token || token.length > 100) return null;
  const [row] = await db
    .select({ id: curators.id, email: curators.email })
    .from(sessions)
    .innerJoin(curators, eq(curators.id, sessions.curatorId))
    .where(and(eq(sessions.tokenHash, tokenHash(token)), gt(sessions.expiresAt, now.toISOString())))
    .limit(1);
  return row ?? null;
}

export async function revokeSession(db: Database, token: string | undefined): Promise<void> {
  if (!token) return;
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash(token)));
}

export async function countSessions(db: Database, curatorId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(sessions)
    .where(eq(sessions.curatorId, curatorId));
  return row?.n ?? 0;
}
