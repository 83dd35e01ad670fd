import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '@/lib/auth/api-tokens';
import type { CuratorGeneration } from '@/lib/curation/curator-generation';
import { type CallOptions, call, fileForm, installWithCurator, waitUntilPublished } from '@/tests/support/curator-api';
import type { TestAppServices } from '@/tests/support/test-app-services';
import { fixtureGeneration, insertGenerations } from '@/tests/support/test-fixtures';
import { distinctImage } from '@/tests/support/test-images';

/**
 * The OpenAPI document against the code: real requests through the route handlers (as Next
 * dispatches them), every answer's status must be one the document lists for that operation, and
 * every JSON body must validate against the schema it gives for that status. Every operation in the
 * document is exercised, so a route added without its answers documented fails here.
 */
type Doc = { openapi: string; paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };

let services: TestAppServices;
let cookie: string;
let doc: Doc;
let publishToken: string;
let submitToken: string;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const exercised = new Set<string>();

const jsonPointer = (...parts: string[]) =>
  parts.map((part) => part.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

/** The answer, checked against the document for `method template`; returned for the test's own checks. */
async function checked(method: string, template: string, response: Response): Promise<Response> {
  const operation = doc.paths[template]?.[method.toLowerCase()];
  expect(operation, `${method} ${template} is in the document`).toBeDefined();
  exercised.add(`${method.toLowerCase()} ${template}`);
  const status = String(response.status);
  expect(Object.keys(operation!.responses), `${method} ${template} documents ${status}`).toContain(status);
  const type = response.headers.get('content-type') ?? '';
  if (type.startsWith('application/json')) {
    const pointer = jsonPointer('paths', template, method.toLowerCase(), 'responses', status, 'content', 'application/json', 'schema');
    const validate = ajv.compile({ $ref: `vitrine#/${pointer}` });
    const body: unknown = await response.clone().json();
    const valid = validate(body);
    expect(valid, `${method} ${template} ${status}: ${JSON.stringify(validate.errors)} in ${JSON.stringify(body).slice(0, 300)}`).toBe(
      true,
    );
  }
  return response;
}

const bearer = (token: string): CallOptions => ({ origin: null, headers: { authorization: `Bearer ${token}` } });

beforeAll(async () => {
  ({ services, cookie } = await installWithCurator('openapi@vitrine.test', 'a long enough password'));
  await insertGenerations(
    services.handle.db,
    Array.from({ length: 5 }, (_, i) =>
      fixtureGeneration({ publishedAt: `2026-05-0${i + 1}T00:00:00.000000Z`, ...(i === 0 ? { rating: 'sensitive' as const } : {}) }),
    ),
  );
  publishToken = (await createApiToken(services.handle.db, { name: 'openapi-publish', scope: 'publish', lifetimeMs: null })).token;
  submitToken = (await createApiToken(services.handle.db, { name: 'openapi-submit', scope: 'submit', lifetimeMs: null })).token;
  const response = await call('GET', '/api/openapi.json');
  expect(response.status).toBe(200);
  doc = (await response.json()) as Doc;
  ajv.addSchema(doc, 'vitrine');
}, 60_000);
afterAll(() => services?.close());

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with the bearer scheme, and every schema in it compiles', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc).toMatchObject({ components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } } });
    for (const id of Object.keys((doc as unknown as { components: { schemas: object } }).components.schemas)) {
      expect(() => ajv.compile({ $ref: `vitrine#/components/schemas/${id}` }), id).not.toThrow();
    }
  });

  it('describes the feed, its filters and its errors', async () => {
    const first = await checked('GET', '/api/feed', await call('GET', '/api/feed?limit=2'));
    const page = (await first.json()) as { nextCursor: string };
    await checked('GET', '/api/feed', await call('GET', `/api/feed?limit=2&after=${page.nextCursor}`));
    await checked('GET', '/api/feed', await call('GET', '/api/feed?rating=sensitive'));
    expect((await checked('GET', '/api/feed', await call('GET', '/api/feed?limit=0'))).status).toBe(400);
    expect((await checked('GET', '/api/feed', await call('GET', `/api/feed?q=x&after=${page.nextCursor}`))).status).toBe(400);
    await checked('GET', '/api/facets', await call('GET', '/api/facets?q=test'));
    expect((await checked('GET', '/api/facets', await call('GET', '/api/facets?rating=nsfw'))).status).toBe(400);
    await checked('GET', '/api/health', await call('GET', '/api/health'));
  });

  it('describes logging in and out', async () => {
    expect(
      (await checked('POST', '/api/auth/login', await call('POST', '/api/auth/login', { json: { email: 'openapi@vitrine.test', password: 'wrong password!!' }, headers: { 'x-vitrine-peer': '198.51.100.7' } }))).status,
    ).toBe(401);
    expect((await checked('POST', '/api/auth/login', await call('POST', '/api/auth/login', { json: { email: 1 } }))).status).toBe(400);
    expect((await checked('POST', '/api/auth/login', await call('POST', '/api/auth/login', { json: {}, origin: 'https://evil.example' }))).status).toBe(403);
    const login = await checked(
      'POST',
      '/api/auth/login',
      await call('POST', '/api/auth/login', { json: { email: 'openapi@vitrine.test', password: 'a long enough password' }, headers: { 'x-vitrine-peer': '198.51.100.8' } }),
    );
    expect(login.status).toBe(200);
    const other = login.headers.get('set-cookie')!.split(';')[0]!;
    expect((await checked('POST', '/api/auth/logout', await call('POST', '/api/auth/logout', { cookie: other }))).status).toBe(200);
    expect((await checked('POST', '/api/auth/logout', await call('POST', '/api/auth/logout', { origin: null }))).status).toBe(403);
  });

  it('describes every generation route, with a session and with tokens', async () => {
    const list = '/api/generations';
    await checked('GET', list, await call('GET', `${list}?status=public`, { cookie }));
    await checked('GET', list, await call('GET', `${list}?status=draft`, bearer(publishToken)));
    expect((await checked('GET', list, await call('GET', `${list}?status=nope`, { cookie }))).status).toBe(400);
    expect((await checked('GET', list, await call('GET', `${list}?status=draft`))).status).toBe(401);
    expect((await checked('GET', list, await call('GET', `${list}?status=draft`, bearer(submitToken)))).status).toBe(403);

    const bytes = await distinctImage('jpeg');
    const created = await checked('POST', list, await call('POST', list, { cookie, body: fileForm(bytes, 'a.jpg', { prompt: 'p', model: 'm' }) }));
    expect(created.status).toBe(201);
    const draft = (await created.json()) as CuratorGeneration;
    expect((await checked('POST', list, await call('POST', list, { cookie, body: fileForm(bytes, 'a.jpg') }))).status).toBe(200);
    const html = new TextEncoder().encode('<html></html>');
    expect((await checked('POST', list, await call('POST', list, { cookie, body: fileForm(html, 'x.png') }))).status).toBe(415);
    expect((await checked('POST', list, await call('POST', list, { ...bearer(submitToken), json: { bucketKey: 'a/b.png' } }))).status).toBe(400);
    expect(
      (await checked('POST', list, await call('POST', list, { ...bearer(publishToken), body: fileForm(await distinctImage('jpeg'), 'b.jpg', { model: 'm' }) }))).status,
    ).toBe(422);
    const submitted = await checked('POST', list, await call('POST', list, { ...bearer(submitToken), json: { sourceUrl: 'https://10.0.0.1/x.png' } }));
    expect(submitted.status).toBe(400);

    const item = `/api/generations/${draft.id}`;
    const template = '/api/generations/{id}';
    await checked('GET', template, await call('GET', item, { cookie }));
    expect((await checked('GET', template, await call('GET', '/api/generations/01900000-0000-7000-8000-000000000000', { cookie }))).status).toBe(404);
    await checked('PATCH', template, await call('PATCH', item, { cookie, json: { rating: 'sensitive' } }));
    expect((await checked('PATCH', template, await call('PATCH', item, { cookie, json: {} }))).status).toBe(400);
    expect((await checked('POST', `${template}/unpublish`, await call('POST', `${item}/unpublish`, { cookie }))).status).toBe(409);
    const published = await checked('POST', `${template}/publish`, await call('POST', `${item}/publish`, { cookie }));
    expect(published.status).toBe(200);
    expect((await waitUntilPublished(draft.id, cookie)).status).toBe('public');
    expect((await checked('POST', `${template}/unpublish`, await call('POST', `${item}/unpublish`, { cookie }))).status).toBe(200);
    expect((await checked('POST', `${template}/publish`, await call('POST', '/api/generations/01900000-0000-7000-8000-000000000000/publish', { cookie }))).status).toBe(404);
    expect((await checked('DELETE', template, await call('DELETE', item, { cookie }))).status).toBe(200);
  });

  it('describes reporting and moderating', async () => {
    const feed = (await (await call('GET', '/api/feed?limit=3')).json()) as { items: { id: string }[] };
    const [first, second] = feed.items as [{ id: string }, { id: string }];
    const reports = '/api/reports';
    const asVisitor = (json: unknown) => call('POST', reports, { json, origin: null, headers: { 'x-vitrine-peer': '198.51.100.40' } });
    expect((await checked('POST', reports, await asVisitor({ generationId: first.id, reason: 'spam' }))).status).toBe(201);
    expect((await checked('POST', reports, await asVisitor({ generationId: first.id, reason: 'spam' }))).status).toBe(429);
    expect((await checked('POST', reports, await asVisitor({ generationId: first.id, reason: 'ugly' }))).status).toBe(400);
    expect((await checked('POST', reports, await asVisitor({ generationId: '01900000-0000-7000-8000-000000000000', reason: 'spam' }))).status).toBe(404);
    await checked('GET', '/api/generations', await call('GET', '/api/generations?reported=true', { cookie }));
    const template = '/api/generations/{id}';
    await checked('GET', `${template}/events`, await call('GET', `/api/generations/${first.id}/events`, { cookie }));
    await checked('POST', `${template}/dismiss-reports`, await call('POST', `/api/generations/${first.id}/dismiss-reports`, { cookie }));
    expect(
      (await checked('POST', `${template}/dismiss-reports`, await call('POST', '/api/generations/01900000-0000-7000-8000-000000000000/dismiss-reports', { cookie }))).status,
    ).toBe(404);
    expect((await checked('POST', `${template}/hide`, await call('POST', `/api/generations/${second.id}/hide`, { cookie, json: {} }))).status).toBe(400);
    expect((await checked('POST', `${template}/hide`, await call('POST', `/api/generations/${second.id}/hide`, { cookie, json: { reason: 'spam' } }))).status).toBe(200);
    await checked('GET', '/api/revocations', await call('GET', '/api/revocations'));
  });

  it('every operation in the document was exercised', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method} ${path}`),
    );
    expect(documented.filter((operation) => !exercised.has(operation))).toEqual([]);
  });
});
