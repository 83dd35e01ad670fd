import { z } from 'zod';
import { withErrorHandling } from '@/lib/api/errors';
import { readJsonBody } from '@/lib/api/read-json';
import { logIn } from '@/lib/auth/login';
import { assertSameOrigin, clientAddress } from '@/lib/auth/request-guard';
import { sessionCookie } from '@/lib/auth/session-cookie';
import { env } from '@/lib/env';
import { appServices } from '@/lib/server/app-services';

const credentials = z.object({ email: z.string().max(320), password: z.string().max(256) }).strict();

export const POST = withErrorHandling(async (request: Request) => {
  assertSameOrigin(request);
  const { email, password } = credentials.parse(await readJsonBody(request));
  const { db } = await appServices().database();
  const token = await logIn(db, { email, password, address: clientAddress(request) });
  return Response.json(
    { ok: true },
    { headers: { 'Set-Cookie': sessionCookie(token, env.SECURE_COOKIES), 'Cache-Control': 'no-store' } },
  );
});
