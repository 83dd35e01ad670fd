import 'server-only';
import { cookies } from 'next/headers';
import type { Database } from '@/lib/db/client';
import { env } from '@/lib/env';
import { sessionCookieName } from './session-cookie';
import { curatorForSession, type SessionCurator } from './sessions';

/** The curator signed in on this page request (server components), or null. */
export async function currentCurator(db: Database): Promise<SessionCurator | null> {
  const token = (await cookies()).get(sessionCookieName(env.SECURE_COOKIES))?.value;
  return curatorForSession(db, token);
}
