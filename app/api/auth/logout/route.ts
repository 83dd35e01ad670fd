import { assertSameOrigin, sessionToken } from '@/lib/auth/request-guard';
import { expiredSessionCookie } from '@/lib/auth/session-cookie';
import { revokeSession } from '@/lib/auth/sessions';
import { env } from '@/lib/env';
import { appServices } from '@/lib/server/app-services';
import { route } from '@/lib/server/routes';

/** Ends the session on the server (the token stops working everywhere) and clears the cookie. */
export const POST = route(async (request: Request) => {
  assertSameOrigin(request);
  const { db } = await appServices().database();
  await revokeSession(db, sessionToken(request));
  return Response.json(
    { ok: true },
    { headers: { 'Set-Cookie': expiredSessionCookie(env.SECURE_COOKIES), 'Cache-Control': 'no-store' } },
  );
});
