import { addCurator } from '@/lib/auth/curators';
import type { Database } from '@/lib/db/client';
import * as login from '@/app/api/auth/login/route';
import * as logout from '@/app/api/auth/logout/route';
import * as generation from '@/app/api/generations/[id]/route';
import * as preview from '@/app/api/generations/[id]/preview/route';
import * as dismissReports from '@/app/api/generations/[id]/dismiss-reports/route';
import * as events from '@/app/api/generations/[id]/events/route';
import * as hide from '@/app/api/generations/[id]/hide/route';
import * as publish from '@/app/api/generations/[id]/publish/route';
import * as unpublish from '@/app/api/generations/[id]/unpublish/route';
import * as generations from '@/app/api/generations/route';
import * as facets from '@/app/api/facets/route';
import * as feed from '@/app/api/feed/route';
import * as health from '@/app/api/health/route';
import * as openapi from '@/app/api/openapi.json/route';
import * as reports from '@/app/api/reports/route';
import * as revocations from '@/app/api/revocations/route';
import type { CuratorGeneration } from '@/lib/curation/curator-generation';
import { installTestAppServices, type TestAppServices } from './test-app-services';

/** The app's own origin in tests (PUBLIC_URL's default). */
export const origin = 'http://localhost:3000';

type Handler = (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>;

/** Route handlers by method and path pattern, as Next would dispatch them. */
const routes: [string, RegExp, Handler][] = [
  ['GET', /^\/api\/feed$/, feed.GET as unknown as Handler],
  ['GET', /^\/api\/facets$/, facets.GET as unknown as Handler],
  ['GET', /^\/api\/health$/, health.GET as unknown as Handler],
  ['GET', /^\/api\/openapi\.json$/, openapi.GET as unknown as Handler],
  ['POST', /^\/api\/auth\/login$/, login.POST as unknown as Handler],
  ['POST', /^\/api\/auth\/logout$/, logout.POST as unknown as Handler],
  ['GET', /^\/api\/generations$/, generations.GET as unknown as Handler],
  ['POST', /^\/api\/generations$/, generations.POST as unknown as Handler],
  ['GET', /^\/api\/generations\/([^/]+)$/, generation.GET as unknown as Handler],
  ['PATCH', /^\/api\/generations\/([^/]+)$/, generation.PATCH as unknown as Handler],
  ['DELETE', /^\/api\/generations\/([^/]+)$/, generation.DELETE as unknown as Handler],
  ['POST', /^\/api\/generations\/([^/]+)\/publish$/, publish.POST as unknown as Handler],
  ['POST', /^\/api\/generations\/([^/]+)\/unpublish$/, unpublish.POST as unknown as Handler],
  ['GET', /^\/api\/generations\/([^/]+)\/preview$/, preview.GET as unknown as Handler],
  ['POST', /^\/api\/generations\/([^/]+)\/hide$/, hide.POST as unknown as Handler],
  ['POST', /^\/api\/generations\/([^/]+)\/dismiss-reports$/, dismissReports.POST as unknown as Handler],
  ['GET', /^\/api\/generations\/([^/]+)\/events$/, events.GET as unknown as Handler],
  ['POST', /^\/api\/reports$/, reports.POST as unknown as Handler],
  ['GET', /^\/api\/revocations$/, revocations.GET as unknown as Handler],
];

export interface CallOptions {
  body?: BodyInit;
  json?: unknown;
  cookie?: string;
  /** null: no Origin header at all. Default: the app's own origin. */
  origin?: string | null;
  headers?: Record<string, string>;
}

/** Calls the route handler for `method path` with a real Request, as Next would. */
export async function call(method: string, path: string, options: CallOptions = {}): Promise<Response> {
  const url = new URL(path, origin);
  const route = routes.find(([m, pattern]) => m === method && pattern.test(url.pathname));
  if (!route) throw new Error(`No route for ${method} ${path}`);
  const id = route[1].exec(url.pathname)?.[1] ?? '';
  const headers = new Headers(options.headers);
  headers.set('host', new URL(origin).host);
  if (options.origin !== null) headers.set('origin', options.origin ?? origin);
  if (options.cookie) headers.set('cookie', options.cookie);
  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers.set('content-type', 'application/json');
  }
  if (body instanceof FormData) {
    // Serialized once, so the request carries real multipart framing and a Content-Length.
    const encoded = new Response(body);
    headers.set('content-type', encoded.headers.get('content-type')!);
    body = await encoded.arrayBuffer();
  }
  const request = new Request(url, { method, headers, ...(body !== undefined ? { body } : {}) });
  return route[2](request, { params: Promise.resolve({ id }) });
}

/** Creates a curator in `db` and logs them in: the Cookie header value to send back. */
export async function newCuratorSession(db: Database, email: string, password: string): Promise<string> {
  await addCurator(db, email, password);
  return logInAs(email, password);
}

/** The app's test resources with one curator logged in: where every route-level curator test starts. */
export async function installWithCurator(
  email: string,
  password: string,
): Promise<{ services: TestAppServices; cookie: string }> {
  const services = await installTestAppServices();
  return { services, cookie: await newCuratorSession(services.handle.db, email, password) };
}

/** Logs in and returns the Cookie header value to send back. */
export async function logInAs(email: string, password: string, address = '203.0.113.1'): Promise<string> {
  const response = await call('POST', '/api/auth/login', {
    json: { email, password },
    headers: { 'x-vitrine-peer': address },
  });
  if (response.status !== 200) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  return response.headers.get('set-cookie')!.split(';')[0]!;
}

export function fileForm(bytes: Uint8Array, name: string, fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  form.set('file', new File([new Uint8Array(bytes)], name));
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  return form;
}

/**
 * Waits (at most `timeoutMs`) until a generation is no longer `publishing`: the publish queue made
 * its display set and the row is public, or every attempt failed and it went back. Returns it then.
 */
export async function waitUntilPublished(
  id: string,
  cookie: string,
  timeoutMs = 30_000,
): Promise<CuratorGeneration> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await call('GET', `/api/generations/${id}`, { cookie });
    if (response.status !== 200) throw new Error(`GET ${id}: ${response.status} ${await response.text()}`);
    const generation = (await response.json()) as CuratorGeneration;
    if (generation.status !== 'publishing') return generation;
    if (Date.now() > deadline)
      throw new Error(
        `${id} still publishing after ${timeoutMs} ms: ${JSON.stringify(generation.publishProgress)}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** `POST /publish`, then the wait for the row to be live: its answer and the live generation. */
export async function publishAndWait(
  id: string,
  cookie: string,
  timeoutMs = 30_000,
): Promise<{ response: Response; generation: CuratorGeneration }> {
  const response = await call('POST', `/api/generations/${id}/publish`, { cookie });
  if (response.status !== 200)
    return { response, generation: (await response.clone().json()) as CuratorGeneration };
  return { response, generation: await waitUntilPublished(id, cookie, timeoutMs) };
}
