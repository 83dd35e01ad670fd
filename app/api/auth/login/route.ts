import { readJsonBody } from '@/lib/api/read-json';
import { credentialsSchema, logIn } from '@/lib/auth/login';
import { assertSameOrigin, clientAddress } from '@/lib/auth/request-guard';
import { sessionCookie } from '@/lib/auth/session-cookie';
import { env } from '@/lib/env';
import { appServices } from '@/lib/server/app-services';
import { route } from '@/lib/server/routes';

export const POST = route(async (request: Request) => {
  assertSameOrigin(request);
  const { email, password } = credentialsSchema.parse(await readJsonBody(request));
  const token = await logIn(await appServices().login(), {
    email,
    password,
    address: clientAddress(request),
  });
  return Response.json(
    { ok: true },
    { headers: { 'Set-Cookie': sessionCookie(token, env.SECURE_COOKIES), 'Cache-Control': 'no-store' } },
  );
});
