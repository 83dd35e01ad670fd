import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, selectRows } from '@/lib/db/client';
import { describeEachDatabase, openTestDatabase } from '@/tests/support/test-databases';
import {
  ApiTokenError,
  apiTokenPattern,
  checkApiToken,
  createApiToken,
  generateApiToken,
  hashApiToken,
  listApiTokens,
  parseTokenLifetime,
  revokeApiToken,
} from './api-tokens';

describe('API token format', () => {
  it('is vt_ and 43 base64url characters, different every time (secret scanners can spot it)', () => {
    const tokens = new Set(Array.from({ length: 1000 }, generateApiToken));
    expect(tokens.size).toBe(1000);
    for (const token of tokens) expect(token).toMatch(/^vt_[A-Za-z0-9_-]{43}$/);
    expect(apiTokenPattern.test(generateApiToken())).toBe(true);
  });

  it.each([
    ['90d', 90 * 86_400_000],
    ['12h', 12 * 3_600_000],
    ['30m', 30 * 60_000],
    ['never', null],
  ])('--expires %s', (text, ms) => {
    expect(parseTokenLifetime(text)).toBe(ms);
  });

  it.each(['0d', '90', '-1d', '1y', '', '999999d'])('--expires %j is refused', (text) => {
    expect(() => parseTokenLifetime(text)).toThrow(ApiTokenError);
  });
});

describeEachDatabase('API tokens', (kind) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase(kind);
  }, 60_000);
  afterAll(() => handle?.close());
  const limit = { requests: 3, windowMs: 60_000 };
  const t0 = new Date('2026-12-01T10:00:00.000Z');
  const at = (ms: number) => new Date(t0.getTime() + ms);

  it('stores only the hash; the token authenticates, with its scope, until it is revoked', async () => {
    const { token, summary } = await createApiToken(
      handle.db,
      { name: 'host-app', scope: 'publish', lifetimeMs: null },
      t0,
    );
    expect(summary).toEqual({
      name: 'host-app',
      scope: 'publish',
      createdAt: '2026-12-01T10:00:00Z',
      expiresAt: null,
      lastUsedAt: null,
    });
    const stored = await selectRows<Record<string, unknown>>(handle.db, sql`select * from api_tokens`);
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(stored[0]?.token_hash).toBe(hashApiToken(token));

    const check = await checkApiToken(handle.db, token, limit, at(1_000));
    expect(check).toEqual({
      kind: 'ok',
      actor: { id: expect.any(String), name: 'host-app', scope: 'publish' },
    });
    expect((await listApiTokens(handle.db))[0]?.lastUsedAt).toBe('2026-12-01T10:00:01Z');

    await revokeApiToken(handle.db, 'host-app');
    expect(await checkApiToken(handle.db, token, limit, at(2_000))).toEqual({ kind: 'unknown' });
    expect(await listApiTokens(handle.db)).toEqual([]);
    await expect(revokeApiToken(handle.db, 'host-app')).rejects.toThrow('No token is named "host-app".');
  });

  it('refuses a second token of one name and a bad name', async () => {
    await createApiToken(handle.db, { name: 'twice', scope: 'submit', lifetimeMs: null }, t0);
    await expect(
      createApiToken(handle.db, { name: 'twice', scope: 'submit', lifetimeMs: null }),
    ).rejects.toThrow('A token named "twice" exists already');
    for (const name of ['', '-x', 'a b', 'x'.repeat(65), 'é']) {
      await expect(createApiToken(handle.db, { name, scope: 'submit', lifetimeMs: null })).rejects.toThrow(
        ApiTokenError,
      );
    }
  });

  it('an expired token is unknown from its expiry on', async () => {
    const { token } = await createApiToken(
      handle.db,
      { name: 'short-lived', scope: 'submit', lifetimeMs: 60_000 },
      t0,
    );
    expect((await checkApiToken(handle.db, token, limit, at(59_999))).kind).toBe('ok');
    expect(await checkApiToken(handle.db, token, limit, at(60_000))).toEqual({ kind: 'unknown' });
  });

  it('malformed and unknown tokens are unknown without a match', async () => {
    for (const token of [
      '',
      'vt_short',
      `xx_${'a'.repeat(43)}`,
      `vt_${'a'.repeat(43)}`,
      `vt_${'a'.repeat(40)}!!!`,
    ]) {
      expect(await checkApiToken(handle.db, token, limit, t0)).toEqual({ kind: 'unknown' });
    }
  });

  it('counts requests per token in a fixed window: the 4th of 3 waits for the window to end', async () => {
    const { token } = await createApiToken(
      handle.db,
      { name: 'counted', scope: 'submit', lifetimeMs: null },
      t0,
    );
    const { token: other } = await createApiToken(
      handle.db,
      { name: 'other', scope: 'submit', lifetimeMs: null },
      t0,
    );
    for (const ms of [0, 10_000, 20_000])
      expect((await checkApiToken(handle.db, token, limit, at(ms))).kind).toBe('ok');
    expect(await checkApiToken(handle.db, token, limit, at(20_500))).toEqual({
      kind: 'rate_limited',
      retryAfterSeconds: 40,
    });
    // Another token has its own budget.
    expect((await checkApiToken(handle.db, other, limit, at(20_500))).kind).toBe('ok');
    // The window started at the first request; one minute on, counting starts again.
    expect((await checkApiToken(handle.db, token, limit, at(60_000))).kind).toBe('ok');
  });

  it('concurrent requests are all counted (one statement per request)', async () => {
    const { token } = await createApiToken(
      handle.db,
      { name: 'burst', scope: 'submit', lifetimeMs: null },
      t0,
    );
    const checks = await Promise.all(
      Array.from({ length: 10 }, () =>
        checkApiToken(handle.db, token, { requests: 4, windowMs: 60_000 }, at(1)),
      ),
    );
    expect(checks.filter((check) => check.kind === 'ok')).toHaveLength(4);
    expect(checks.filter((check) => check.kind === 'rate_limited')).toHaveLength(6);
  });
});
