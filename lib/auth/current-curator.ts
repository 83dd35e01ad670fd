import 'server-only';
import { cookies } from 'next/headers';
import { env } from '@/lib/env';
import { appServices } from '@/lib/server/app-services';
import { sessionCookieName } from './session-cookie';
import { curatorForSession, type SessionCurator } from './sessions';

/** The curator signed in on this page request (server components), or null. */
export async function currentCurator(): Promise<SessionCurator | null> {
  const token = (await cookies()).get(sessionCookieName(env.SECURE_COOKIES))?.value;
  const { db } = await appServices().database();
  return curatorForSession(db, token);
}
