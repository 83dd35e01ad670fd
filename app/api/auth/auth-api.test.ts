import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCurator } from '@/lib/auth/curators';
import { call, logInAs } from '@/tests/support/curator-api';
import { installTestAppServices, type TestAppServices } from '@/tests/support/test-app-services';

const email = 'curator@vitrine.test';
const password = 'correct horse battery staple';

let services: TestAppServices;
beforeAll(async () => {
  services = await installTestAppServices();
  await addCurator(services.handle.db, email, password);
  await addCurator(services.handle.db, 'second@vitrine.test', password);
});
afterAll(() => services?.close());

const login = (body: unknown, address = '198.51.100.7', origin?: string | null) =>
  call('POST', '/api/auth/login', {
    json: body,
    headers: { 'x-vitrine-peer': address },
    ...(origin !== undefined ? { origin } : {}),
  });

async function errorOf(response: Response) {
  return { status: response.status, body: await response.json() };
}

describe('POST /api/auth/login', () => {
  it('opens a session with an httpOnly, SameSite=Lax, __Host- Secure cookie', async () => {
    const response = await login({ email: 'Curator@Vitrine.test ', password });
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toMatch(
      /^__Host-vitrine-session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=604800; Secure$/,
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it.each([
    ['a wrong password', { email, password: 'not the password at all' }],
    ['an unknown account', { email: 'nobody@vitrine.test', password }],
  ])('answers %s with the same 401', async (_label, body) => {
    expect(await errorOf(await login(body, '198.51.100.8'))).toEqual({
      status: 401,
      body: { error: { code: 'unauthorized', message: 'The e-mail or the password is wrong.' } },
    });
  });

  it.each([
    ['no Origin', null, 403],
    ['a foreign Origin', 'https://evil.example', 403],
    ['an Origin that is not a URL', 'null', 403],
  ])('refuses %s', async (_label, origin, status) => {
    const response = await login({ email, password }, '198.51.100.9', origin);
    expect(response.status).toBe(status);
    expect((await response.json()).error.code).toBe('forbidden');
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it.each([
    ['not JSON', '{email'],
    ['an unknown field', JSON.stringify({ email, password, admin: true })],
    ['a missing password', JSON.stringify({ email })],
  ])('answers %s with 400', async (_label, raw) => {
    const response = await call('POST', '/api/auth/login', {
      body: raw,
      headers: { 'content-type': 'application/json', 'x-vitrine-peer': '198.51.100.10' },
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe('bad_request');
  });

  it('locks an account after 5 failures, even for the right password, with Retry-After', async () => {
    for (let i = 0; i < 5; i++) {
      expect(
        (await login({ email: 'second@vitrine.test', password: `wrong ${i}` }, `192.0.2.${i}`)).status,
      ).toBe(401);
    }
    const locked = await login({ email: 'second@vitrine.test', password }, '192.0.2.99');
    expect(locked.status).toBe(429);
    expect((await locked.json()).error.code).toBe('rate_limited');
    const retryAfter = Number(locked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);
    // The other account is not locked by it.
    expect((await login({ email, password }, '192.0.2.100')).status).toBe(200);
  });

  it('locks an address after 30 failures, whatever accounts it tries', async () => {
    for (let i = 0; i < 30; i++) {
      expect(
        (await login({ email: `guess${i}@vitrine.test`, password: 'x'.repeat(12) }, '203.0.113.66')).status,
      ).toBe(401);
    }
    expect((await login({ email, password }, '203.0.113.66')).status).toBe(429);
    expect((await login({ email, password }, '203.0.113.67')).status).toBe(200);
  });
});

describe('POST /api/auth/logout', () => {
  it('revokes the session on the server and clears the cookie', async () => {
    const cookie = await logInAs(email, password, '198.51.100.20');
    expect((await call('GET', '/api/generations?status=draft', { cookie })).status).toBe(200);
    const response = await call('POST', '/api/auth/logout', { cookie });
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toBe(
      '__Host-vitrine-session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure',
    );
    // The token itself is dead, not only forgotten by this browser.
    expect((await call('GET', '/api/generations?status=draft', { cookie })).status).toBe(401);
  });

  it('refuses a cross-origin logout', async () => {
    const cookie = await logInAs(email, password, '198.51.100.21');
    expect((await call('POST', '/api/auth/logout', { cookie, origin: 'https://evil.example' })).status).toBe(
      403,
    );
    expect((await call('GET', '/api/generations?status=draft', { cookie })).status).toBe(200);
  });
});
