import 'server-only';
import { asc, eq } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { curators, sessions } from '@/lib/db/schema';
import { uuidV7 } from '@/lib/db/uuid-v7';
import { hashPassword, passwordProblem } from './passwords';

/** Accounts are keyed by e-mail, compared without case and surrounding spaces. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export class CuratorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CuratorError';
  }
}

export interface CuratorSummary {
  id: string;
  email: string;
  createdAt: string;
}

export async function findCurator(db: Database, email: string) {
  const [row] = await db
    .select()
    .from(curators)
    .where(eq(curators.email, normalizeEmail(email)))
    .limit(1);
  return row ?? null;
}

export async function addCurator(db: Database, email: string, password: string): Promise<CuratorSummary> {
  const normalized = normalizeEmail(email);
  if (!/^[^\s@]+@[^\s@]+$/.test(normalized)) throw new CuratorError(`"${email}" is not an e-mail address.`);
  const problem = passwordProblem(password);
  if (problem) throw new CuratorError(problem);
  const [row] = await db
    .insert(curators)
    .values({ id: uuidV7(), email: normalized, passwordHash: await hashPassword(password) })
    .onConflictDoNothing()
    .returning({ id: curators.id, email: curators.email, createdAt: curators.createdAt });
  if (!row) throw new CuratorError(`A curator with the e-mail ${normalized} already exists.`);
  return row;
}

/** Sets a new password and ends every session of the account. */
export async function setCuratorPassword(db: Database, email: string, password: string): Promise<void> {
  const problem = passwordProblem(password);
  if (problem) throw new CuratorError(problem);
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(curators)
      .set({ passwordHash })
      .where(eq(curators.email, normalizeEmail(email)))
      .returning({ id: curators.id });
    if (!row) throw new CuratorError(`No curator has the e-mail ${normalizeEmail(email)}.`);
    await tx.delete(sessions).where(eq(sessions.curatorId, row.id));
  });
}

/** Removes the account and (by cascade) its sessions; its uploads stay, without an uploader. */
export async function removeCurator(db: Database, email: string): Promise<void> {
  const removed = await db
    .delete(curators)
    .where(eq(curators.email, normalizeEmail(email)))
    .returning({ id: curators.id });
  if (removed.length === 0) throw new CuratorError(`No curator has the e-mail ${normalizeEmail(email)}.`);
}

export function listCurators(db: Database): Promise<CuratorSummary[]> {
  return db
    .select({ id: curators.id, email: curators.email, createdAt: curators.createdAt })
    .from(curators)
    .orderBy(asc(curators.email));
}
