import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { selectRows } from '@/lib/db/client';
import { revokedSources } from '@/lib/db/schema';
import { call, newCuratorSession } from '@/tests/support/curator-api';
import { installTestAppServices, type TestAppServices } from '@/tests/support/test-app-services';
import { describeEachDatabase, openTestDatabase } from '@/tests/support/test-databases';
import { fixtureGeneration, insertGenerations } from '@/tests/support/test-fixtures';

/**
 * `GET /api/revocations`, what visitors' service workers drop (docs/moderation.md): every takedown
 * of a public source is listed, a source public again is not, and the list forgets what its window
 * no longer reaches. On PGlite and on Postgres.
 */
describeEachDatabase('revocations', (kind) => {
  let services: TestAppServices;
  let cookie: string;
  const hidden = fixtureGeneration();
  const unpublished = fixtureGeneration();
  const deleted = fixtureGeneration();
  const draft = fixtureGeneration({ status: 'draft', publishedAt: null });
  const shared = fixtureGeneration();
  // Scale rows share image objects: a source another public row still shows is not revoked.
  const sharer = fixtureGeneration({ storageKey: shared.storageKey, synthetic: true });

  beforeAll(async () => {
    services = await installTestAppServices({ database: await openTestDatabase(kind) });
    cookie = await newCuratorSession(services.handle.db, 'revoker@vitrine.test', 'a long enough password');
    await insertGenerations(services.handle.db, [hidden, unpublished, deleted, draft, shared, sharer]);
  }, 60_000);
  afterAll(() => services?.close());

  const listed = async () => {
    const response = await call('GET', '/api/revocations');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=30, s-maxage=30');
    return ((await response.json()) as { sources: string[]; windowDays: number }).sources;
  };

  it('lists every public source taken down, newest first, and nothing else', async () => {
    expect(await listed()).toEqual([]);
    expect(
      (await call('POST', `/api/generations/${hidden.id}/hide`, { cookie, json: { reason: 'x' } })).status,
    ).toBe(200);
    expect((await call('POST', `/api/generations/${unpublished.id}/unpublish`, { cookie })).status).toBe(200);
    expect((await call('DELETE', `/api/generations/${deleted.id}`, { cookie })).status).toBe(200);
    // Never public: nothing to revoke.
    expect((await call('DELETE', `/api/generations/${draft.id}`, { cookie })).status).toBe(200);
    // Another public row shows the same image: not revoked.
    expect((await call('POST', `/api/generations/${shared.id}/unpublish`, { cookie })).status).toBe(200);
    expect(await listed()).toEqual([deleted.storageKey, unpublished.storageKey, hidden.storageKey]);
  });

  it('stops listing a source once it is public again', async () => {
    await services.handle.db.execute(
      sql`update generations set status = 'public', published_at = now() where id = ${unpublished.id}`,
    );
    expect(await listed()).toEqual([deleted.storageKey, hidden.storageKey]);
  });

  it('forgets takedowns older than its window when the next one comes', async () => {
    await services.handle.db
      .insert(revokedSources)
      .values({ storageKey: 'g/old.jpg', revokedAt: new Date(Date.now() - 9 * 86_400_000).toISOString() });
    expect(await listed()).not.toContain('g/old.jpg');
    expect(
      (await call('POST', `/api/generations/${unpublished.id}/hide`, { cookie, json: { reason: 'y' } }))
        .status,
    ).toBe(200);
    const rows = await selectRows<{ storage_key: string }>(
      services.handle.db,
      sql`select storage_key from revoked_sources`,
    );
    expect(rows.map((row) => row.storage_key)).not.toContain('g/old.jpg');
    expect((await listed())[0]).toBe(unpublished.storageKey);
  });
});
