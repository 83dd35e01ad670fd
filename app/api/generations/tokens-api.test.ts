import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createApiToken, revokeApiToken } from '@/lib/auth/api-tokens';
import type { CuratorGeneration } from '@/lib/curation/curator-generation';
import { sql } from 'drizzle-orm';
import { selectRows } from '@/lib/db/client';
import { type CallOptions, call, fileForm, newCuratorSession } from '@/tests/support/curator-api';
import { installTestAppServices, type TestAppServices } from '@/tests/support/test-app-services';
import { describeEachDatabase, openTestDatabase } from '@/tests/support/test-databases';
import { distinctImage } from '@/tests/support/test-images';

/**
 * The host app's way in: `Authorization: Bearer vt_…` on the generation routes, on PGlite and on
 * Postgres. Tokens are made as `npm run curator -- token create` makes them (scripts/curator.test.ts
 * runs the command itself).
 */
const RATE = { requests: 40, windowMs: 60_000 };

describeEachDatabase('API tokens on the generation routes', (kind) => {
  let services: TestAppServices;
  let cookie: string;
  const tokens: Record<'submit' | 'publish' | 'limited' | 'expired' | 'revoked', string> = {
    submit: '',
    publish: '',
    limited: '',
    expired: '',
    revoked: '',
  };
  const logged: string[] = [];

  beforeAll(async () => {
    services = await installTestAppServices({
      database: await openTestDatabase(kind),
      tokenRateLimit: RATE,
    });
    cookie = await newCuratorSession(services.handle.db, 'curator@vitrine.test', 'a long enough password');
    const db = services.handle.db;
    const make = async (name: string, scope: 'submit' | 'publish', lifetimeMs: number | null, now?: Date) =>
      (await createApiToken(db, { name, scope, lifetimeMs }, now)).token;
    tokens.submit = await make('host-submit', 'submit', null);
    tokens.publish = await make('host-publish', 'publish', null);
    tokens.limited = await make('host-limited', 'publish', null);
    tokens.expired = await make('host-expired', 'publish', 60_000, new Date(Date.now() - 120_000));
    tokens.revoked = await make('host-revoked', 'publish', null);
    await revokeApiToken(db, 'host-revoked');
    // Everything the server says on any channel during these tests: no token may be in it.
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      const original = console[method];
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        logged.push(
          args.map((arg) => (arg instanceof Error ? `${arg.message} ${arg.stack}` : String(arg))).join(' '),
        );
        original(...args);
      });
    }
  }, 60_000);
  afterAll(async () => {
    vi.restoreAllMocks();
    await services?.close();
  });

  /** A server's call: the token, no cookie, no Origin (tokens are not ambient credentials). */
  const send = (method: string, path: string, token: string, options: CallOptions = {}) =>
    call(method, path, {
      ...options,
      origin: null,
      headers: { authorization: `Bearer ${token}`, ...options.headers },
    });

  async function pollUntilSettled(id: string, token: string): Promise<CuratorGeneration> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const response = await send('GET', `/api/generations/${id}`, token);
      expect(response.status).toBe(200);
      const generation = (await response.json()) as CuratorGeneration;
      if (generation.status !== 'publishing') return generation;
      if (Date.now() > deadline) throw new Error(`${id} still publishing`);
      // As a host app should: a few polls a second stay far inside the token's rate.
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  it('a submit token sends a generation that waits as submitted; it reads it back but cannot publish it', async () => {
    const bytes = await distinctImage('jpeg');
    const response = await send('POST', '/api/generations', tokens.submit, {
      body: fileForm(bytes, 'x.jpg', { prompt: 'a lighthouse', model: 'm-1', rating: 'sensitive' }),
    });
    expect(response.status, await response.clone().text()).toBe(201);
    const sent = (await response.json()) as CuratorGeneration;
    expect(sent).toMatchObject({ status: 'submitted', rating: 'sensitive', author: 'host-submit' });

    const read = await send('GET', `/api/generations/${sent.id}`, tokens.submit);
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ id: sent.id, status: 'submitted' });

    for (const [method, path] of [
      ['POST', `/api/generations/${sent.id}/publish`],
      ['POST', `/api/generations/${sent.id}/unpublish`],
      ['DELETE', `/api/generations/${sent.id}`],
      ['GET', '/api/generations?status=submitted'],
      ['GET', `/api/generations/${sent.id}/preview`],
    ] as const) {
      const refused = await send(method, path, tokens.submit);
      expect(refused.status, `${method} ${path}`).toBe(403);
      expect((await refused.json()).error).toEqual({
        code: 'forbidden',
        message: 'The token "host-submit" has the submit scope; this needs publish.',
      });
    }
    const patch = await send('PATCH', `/api/generations/${sent.id}`, tokens.submit, {
      json: { prompt: 'x' },
    });
    expect(patch.status).toBe(403);

    // A curator (or a publish token) finds it in the queue and approves it.
    const queue = await call('GET', '/api/generations?status=submitted', { cookie });
    expect(((await queue.json()) as { items: CuratorGeneration[] }).items.map((item) => item.id)).toContain(
      sent.id,
    );
    const approved = await call('POST', `/api/generations/${sent.id}/publish`, { cookie });
    expect(approved.status).toBe(200);
    expect((await pollUntilSettled(sent.id, tokens.submit)).status).toBe('public');
  });

  it('a submit token reads back only what it sent', async () => {
    const curatorUpload = await call('POST', '/api/generations', {
      cookie,
      body: fileForm(await distinctImage('jpeg'), 'c.jpg', { prompt: 'p', model: 'm' }),
    });
    const { id } = (await curatorUpload.json()) as CuratorGeneration;
    expect((await send('GET', `/api/generations/${id}`, tokens.submit)).status).toBe(404);
    expect((await send('GET', `/api/generations/${id}`, tokens.publish)).status).toBe(200);
  });

  it('a publish token sends a generation that goes live through the queue, with no Origin and no cookie', async () => {
    const bytes = await distinctImage('jpeg');
    const response = await send('POST', '/api/generations', tokens.publish, {
      body: fileForm(bytes, 'p.jpg', { prompt: 'a harbour at dusk', model: 'm-2' }),
    });
    expect(response.status, await response.clone().text()).toBe(201);
    const sent = (await response.json()) as CuratorGeneration;
    expect(sent).toMatchObject({ status: 'publishing', rating: 'general', author: 'host-publish' });
    expect((await pollUntilSettled(sent.id, tokens.publish)).status).toBe('public');
    // The same bytes again: the existing generation, as it is.
    const again = await send('POST', '/api/generations', tokens.publish, {
      body: fileForm(bytes, 'p.jpg', { prompt: 'a harbour at dusk', model: 'm-2' }),
    });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ id: sent.id, status: 'public' });
  });

  it('a publish token sending what cannot be published gets 422 and nothing is stored', async () => {
    const before = await counts();
    const response = await send('POST', '/api/generations', tokens.publish, {
      body: fileForm(await distinctImage('jpeg'), 'q.jpg', { model: 'm' }),
    });
    expect(response.status).toBe(422);
    expect((await response.json()).error).toEqual({
      code: 'unprocessable_entity',
      message: 'Add prompt before publishing.',
    });
    expect(await counts()).toEqual(before);
  });

  it('rating must be general or sensitive', async () => {
    const response = await send('POST', '/api/generations', tokens.submit, {
      body: fileForm(await distinctImage('jpeg'), 'r.jpg', { prompt: 'p', model: 'm', rating: 'nsfw' }),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toEqual({
      code: 'bad_request',
      message: 'rating: rating must be general or sensitive',
    });
  });

  it.each([
    ['no token after Bearer', 'Bearer ', 'Send an API token as `Authorization: Bearer vt_…`.'],
    [
      'a token without its prefix',
      `Bearer ${'x'.repeat(43)}`,
      'This API token is unknown, revoked or expired.',
    ],
    ['another scheme', 'Basic dXNlcjpwYXNz', 'Send an API token as `Authorization: Bearer vt_…`.'],
    ['an unknown token', `Bearer vt_${'x'.repeat(43)}`, 'This API token is unknown, revoked or expired.'],
    ['an expired token', () => `Bearer ${tokens.expired}`, 'This API token is unknown, revoked or expired.'],
    ['a revoked token', () => `Bearer ${tokens.revoked}`, 'This API token is unknown, revoked or expired.'],
  ])('%s → 401, and the session behind it is not looked at', async (_name, header, message) => {
    const authorization = typeof header === 'function' ? header() : header;
    for (const [method, path] of [
      ['GET', '/api/generations?status=draft'],
      ['POST', '/api/generations'],
      ['GET', `/api/generations/${'01900000-0000-7000-8000-000000000000'}`],
    ] as const) {
      const response = await call(method, path, { cookie, headers: { authorization } });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: { code: 'unauthorized', message } });
    }
  });

  it('each token is rate-limited: 429 with Retry-After in the error contract; other tokens go on', async () => {
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < RATE.requests + 2; i++) {
      const response = await send('GET', '/api/generations?status=draft', tokens.limited);
      statuses.push(response.status);
      if (response.status === 429) limited ??= response;
    }
    expect(statuses.slice(0, RATE.requests).every((status) => status === 200)).toBe(true);
    expect(statuses.slice(RATE.requests)).toEqual([429, 429]);
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(limited!.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect((await limited!.json()).error.code).toBe('rate_limited');
    expect((await send('GET', '/api/generations?status=draft', tokens.publish)).status).toBe(200);
  });

  it('the session keeps working for the studio (and its Origin check with it)', async () => {
    expect((await call('GET', '/api/generations?status=draft', { cookie })).status).toBe(200);
    const foreign = await call('POST', `/api/generations/${'01900000-0000-7000-8000-000000000000'}/publish`, {
      cookie,
      origin: 'https://evil.example',
    });
    expect(foreign.status).toBe(403);
  });

  it('no token ever reached a log or an answer', () => {
    const everything = logged.join('\n');
    for (const token of Object.values(tokens)) {
      expect(token).toMatch(/^vt_/);
      expect(everything).not.toContain(token);
      expect(everything).not.toContain(token.slice(3));
    }
  });

  async function counts() {
    const [row] = await selectRows<{ n: number }>(
      services.handle.db,
      sql`select count(*)::int as n from generations`,
    );
    let objects = 0;
    for await (const _ of services.stores.private.list('originals/')) objects++;
    return { rows: row?.n, objects };
  }
});
