import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApiToken } from '@/lib/auth/api-tokens';
import type { CuratorGeneration } from '@/lib/curation/curator-generation';
import { selectRows } from '@/lib/db/client';
import type { FeedPage } from '@/lib/feed/feed-types';
import type { GenerationEvent } from '@/lib/moderation/generation-events';
import type { ListedGeneration } from '@/lib/curation/studio-list';
import { call, fileForm, newCuratorSession, publishAndWait } from '@/tests/support/curator-api';
import { installTestAppServices, type TestAppServices } from '@/tests/support/test-app-services';
import { describeEachDatabase, openTestDatabase } from '@/tests/support/test-databases';
import { fixtureGeneration, insertGenerations } from '@/tests/support/test-fixtures';
import { distinctImage } from '@/tests/support/test-images';

/**
 * Moderation through the routes, on PGlite and on Postgres: visitors' reports (validation, what may
 * be reported, every rate limit), a curator's view of them, hiding and dismissing, and the record
 * every state change leaves (docs/moderation.md).
 */
describeEachDatabase('moderation', (kind) => {
  let services: TestAppServices;
  let cookie: string;
  // Public rows to report (no image bytes needed to be reported), one draft, one submitted.
  const targets = Array.from({ length: 14 }, (_, i) =>
    fixtureGeneration({ publishedAt: `2026-02-01T00:00:${String(i).padStart(2, '0')}.000000Z` }),
  );
  const draft = fixtureGeneration({ status: 'draft', publishedAt: null });
  const submitted = fixtureGeneration({ status: 'submitted', publishedAt: null });
  const target = (i: number) => targets[i]!.id!;

  beforeAll(async () => {
    services = await installTestAppServices({ database: await openTestDatabase(kind) });
    cookie = await newCuratorSession(services.handle.db, 'moderator@vitrine.test', 'a long enough password');
    await insertGenerations(services.handle.db, [...targets, draft, submitted]);
  }, 60_000);
  afterAll(() => services?.close());

  /** A visitor's report from `address` (the server's peer address header, as scripts/serve.ts sets it). */
  const report = (body: unknown, address = '198.51.100.1') =>
    call('POST', '/api/reports', { json: body, origin: null, headers: { 'x-vitrine-peer': address } });
  const reported = async () =>
    (
      (await (await call('GET', '/api/generations?reported=true', { cookie })).json()) as {
        items: ListedGeneration[];
      }
    ).items;
  const eventsOf = async (id: string) =>
    (
      (await (await call('GET', `/api/generations/${id}/events`, { cookie })).json()) as {
        items: GenerationEvent[];
      }
    ).items;

  it.each([
    ['not JSON', 'nope', 'The request body must be JSON.'],
    [
      'no reason',
      { generationId: '01900000-0000-7000-8000-000000000000' },
      'reason: reason must be one of sexual, violence, copyright, spam, other',
    ],
    [
      'an unknown reason',
      { generationId: '01900000-0000-7000-8000-000000000000', reason: 'ugly' },
      'reason: reason must be one of sexual, violence, copyright, spam, other',
    ],
    ['a bad id', { generationId: 'x', reason: 'spam' }, 'generationId: generationId must be a generation id'],
    [
      'a note over 500 characters',
      { generationId: '01900000-0000-7000-8000-000000000000', reason: 'other', note: 'n'.repeat(501) },
      'note: note must be at most 500 characters',
    ],
    [
      'a note with a NUL',
      { generationId: '01900000-0000-7000-8000-000000000000', reason: 'other', note: 'a\u0000b' },
      'note: note must not contain control characters',
    ],
    [
      'an unknown field',
      { generationId: '01900000-0000-7000-8000-000000000000', reason: 'spam', address: 'x' },
      'Unrecognized key: "address"',
    ],
  ])('refuses %s with 400 in the error contract', async (_label, body, message) => {
    const response =
      typeof body === 'string'
        ? await call('POST', '/api/reports', {
            body,
            origin: null,
            headers: { 'content-type': 'application/json' },
          })
        : await report(body);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 'bad_request', message } });
  });

  it('answers 404 for anything that is not public, as for an unknown id', async () => {
    for (const id of [draft.id!, submitted.id!, '01900000-0000-7000-8000-000000000000']) {
      const response = await report({ generationId: id, reason: 'spam' });
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({
        error: { code: 'not_found', message: 'No public generation has this id.' },
      });
    }
  });

  it('files a report with no login, keeps no address, and records it', async () => {
    const response = await report(
      { generationId: target(0), reason: 'copyright', note: '  my photo  ' },
      '203.0.113.77',
    );
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toMatchObject({ generationId: target(0), reason: 'copyright' });
    const rows = await selectRows<{ reporter_key: string; note: string }>(
      services.handle.db,
      sql`select reporter_key, note from reports where generation_id = ${target(0)}`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.note).toBe('my photo');
    expect(rows[0]!.reporter_key).not.toContain('203.0.113.77');
    expect(rows[0]!.reporter_key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await eventsOf(target(0)))[0]).toMatchObject({
      kind: 'reported',
      actor: 'visitor',
      detail: { reason: 'copyright', note: 'my photo' },
    });
  });

  it('takes one report per address and image a day: 429 with Retry-After', async () => {
    expect((await report({ generationId: target(1), reason: 'spam' }, '203.0.113.5')).status).toBe(201);
    const again = await report({ generationId: target(1), reason: 'violence' }, '203.0.113.5');
    expect(again.status).toBe(429);
    expect(await again.json()).toEqual({
      error: { code: 'rate_limited', message: 'You reported this generation already; the curators have it.' },
    });
    const wait = Number(again.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(86_000);
    expect(wait).toBeLessThanOrEqual(86_400);
    // Another address may.
    expect((await report({ generationId: target(1), reason: 'spam' }, '203.0.113.6')).status).toBe(201);
  });

  it('takes 10 reports an hour from one address, whatever the images', async () => {
    for (let i = 2; i < 12; i += 1) {
      expect((await report({ generationId: target(i), reason: 'spam' }, '203.0.113.9')).status).toBe(201);
    }
    const over = await report({ generationId: target(12), reason: 'spam' }, '203.0.113.9');
    expect(over.status).toBe(429);
    expect((await over.json()).error.message).toBe('Too many reports; try again later.');
    const wait = Number(over.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(3_500);
    expect(wait).toBeLessThanOrEqual(3_600);
  });

  it('takes 30 reports an hour of one image, whoever sends them', async () => {
    for (let i = 0; i < 30; i += 1) {
      expect((await report({ generationId: target(13), reason: 'other' }, `192.0.2.${i + 1}`)).status).toBe(
        201,
      );
    }
    const over = await report({ generationId: target(13), reason: 'other' }, '192.0.2.200');
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(3_500);
  });

  it('lets exactly one of five simultaneous reports from one address of one image through', async () => {
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => report({ generationId: target(12), reason: 'sexual' }, '203.0.113.50')),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 429, 429, 429, 429]);
  });

  it('lists reported generations for curators only, with counts and reasons', async () => {
    expect((await call('GET', '/api/generations?reported=true')).status).toBe(401);
    const submit = (
      await createApiToken(services.handle.db, {
        name: `mod-submit-${kind}`,
        scope: 'submit',
        lifetimeMs: null,
      })
    ).token;
    const asToken = await call('GET', '/api/generations?reported=true', {
      origin: null,
      headers: { authorization: `Bearer ${submit}` },
    });
    expect(asToken.status).toBe(403);
    for (const query of ['reported=yes', 'reported=true&reported=true', 'after=nope']) {
      expect((await call('GET', `/api/generations?${query}`, { cookie })).status).toBe(400);
    }
    const items = await reported();
    expect(items.map((item) => item.id).sort()).toEqual(
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13].map((i) => target(i)).sort(),
    );
    const byId = new Map(items.map((item) => [item.id, item]));
    expect(byId.get(target(0))!.reports).toMatchObject({
      count: 1,
      reasons: { copyright: 1 },
      notes: ['my photo'],
    });
    expect(byId.get(target(1))!.reports).toMatchObject({ count: 2, reasons: { spam: 2 }, notes: [] });
    expect(byId.get(target(13))!.reports).toMatchObject({ count: 30, reasons: { other: 30 } });
    expect(byId.has(draft.id!)).toBe(false);
  });

  it('dismissing closes the open reports; the item stays public and may be reported again', async () => {
    const answer = await call('POST', `/api/generations/${target(1)}/dismiss-reports`, { cookie });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ dismissed: 2 });
    expect((await reported()).map((item) => item.id)).not.toContain(target(1));
    expect((await eventsOf(target(1)))[0]).toMatchObject({
      kind: 'dismissed',
      actor: 'curator:moderator@vitrine.test',
      detail: { reports: 2 },
    });
    const feed = (await (await call('GET', '/api/feed?limit=60')).json()) as FeedPage;
    expect(feed.items.map((item) => item.id)).toContain(target(1));
    expect((await report({ generationId: target(1), reason: 'spam' }, '203.0.113.99')).status).toBe(201);
    expect((await reported()).map((item) => item.id)).toContain(target(1));
    expect(
      (
        await call('POST', '/api/generations/01900000-0000-7000-8000-000000000000/dismiss-reports', {
          cookie,
        })
      ).status,
    ).toBe(404);
  });

  it('hiding takes it out of the feed, purges it, keeps the reason and closes its reports', async () => {
    const path = `/api/generations/${target(0)}/hide`;
    expect((await call('POST', path, { cookie, json: {} })).status).toBe(400);
    expect((await call('POST', path, { cookie, json: { reason: '   ' } })).status).toBe(400);
    expect((await call('POST', path, { json: { reason: 'x' } })).status).toBe(401);
    const answer = await call('POST', path, {
      cookie,
      json: { reason: 'Reported: the author owns the copyright' },
    });
    expect(answer.status).toBe(200);
    const { generation, cdnPurge } = (await answer.json()) as {
      generation: CuratorGeneration;
      cdnPurge: string;
    };
    expect(generation).toMatchObject({
      status: 'hidden',
      hiddenReason: 'Reported: the author owns the copyright',
      publishedAt: null,
    });
    expect(cdnPurge).toBe('purged');
    expect(services.purged).toContain(targets[0]!.storageKey);
    const feed = (await (await call('GET', '/api/feed?limit=60')).json()) as FeedPage;
    expect(feed.items.map((item) => item.id)).not.toContain(target(0));
    expect((await reported()).map((item) => item.id)).not.toContain(target(0));
    expect((await eventsOf(target(0)))[0]).toMatchObject({
      kind: 'hidden',
      actor: 'curator:moderator@vitrine.test',
      detail: { from: 'public', reason: 'Reported: the author owns the copyright' },
    });
    // Not public any more: not reportable.
    expect((await report({ generationId: target(0), reason: 'spam' }, '203.0.113.123')).status).toBe(404);
  });

  it('rejecting a submission hides it without exposing or purging anything', async () => {
    const before = services.purged.length;
    const answer = await call('POST', `/api/generations/${submitted.id}/hide`, {
      cookie,
      json: { reason: 'Off topic' },
    });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { generation: CuratorGeneration }).generation).toMatchObject({
      status: 'hidden',
      hiddenReason: 'Off topic',
    });
    expect(services.purged.length).toBe(before);
    expect((await eventsOf(submitted.id!))[0]).toMatchObject({
      kind: 'hidden',
      detail: { from: 'submitted', reason: 'Off topic' },
    });
  });

  it('records every state change with who made it, and keeps the record after a delete', async () => {
    const created = await call('POST', '/api/generations', {
      cookie,
      body: fileForm(await distinctImage('png'), 'a.png', { prompt: 'a recorded fox', model: 'm' }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as CuratorGeneration;
    expect(
      (
        await call('PATCH', `/api/generations/${id}`, {
          cookie,
          json: { rating: 'sensitive', prompt: 'a fox' },
        })
      ).status,
    ).toBe(200);
    expect((await publishAndWait(id, cookie)).generation.status).toBe('public');
    expect((await call('POST', `/api/generations/${id}/unpublish`, { cookie })).status).toBe(200);
    expect((await call('DELETE', `/api/generations/${id}`, { cookie })).status).toBe(200);
    const curator = 'curator:moderator@vitrine.test';
    expect((await eventsOf(id)).map((event) => [event.kind, event.actor, event.detail])).toEqual([
      ['deleted', curator, { from: 'unpublished' }],
      ['unpublished', curator, { from: 'public' }],
      ['published', curator, { from: 'draft' }],
      ['edited', curator, { fields: ['prompt', 'rating'] }],
      ['uploaded', curator, {}],
    ]);
    const times = (await eventsOf(id)).map((event) => event.at);
    expect([...times].sort().reverse()).toEqual(times);

    // A host app's submission names its token.
    const token = (
      await createApiToken(services.handle.db, { name: `host-${kind}`, scope: 'submit', lifetimeMs: null })
    ).token;
    const sent = await call('POST', '/api/generations', {
      origin: null,
      headers: { authorization: `Bearer ${token}` },
      body: fileForm(await distinctImage('jpeg'), 'b.jpg', { prompt: 'p', model: 'm' }),
    });
    expect(sent.status).toBe(201);
    const submittedId = ((await sent.json()) as CuratorGeneration).id;
    expect((await eventsOf(submittedId)).map((event) => [event.kind, event.actor])).toEqual([
      ['submitted', `token:host-${kind}`],
    ]);
    // An id that never existed has an empty record.
    expect(await eventsOf('01900000-0000-7000-8000-000000000000')).toEqual([]);
    expect(await eventsOf('nope')).toEqual([]);
  });
});
