import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiError } from '@/lib/api/errors';
import {
  fetchSource,
  parseImportAllowedHosts,
  type ResolvedAddress,
  type SourceFetchOptions,
} from './fetch-source';

/**
 * Real sockets on loopback: a source server that counts every connection it gets, and a spy on
 * every outgoing socket connect, so "nothing fetched from a refused address" is counted, not assumed.
 */
interface CountingServer {
  port: number;
  connections: number;
  requests: string[];
  close(): Promise<void>;
}

async function countingServer(handler: http.RequestListener): Promise<CountingServer> {
  const server = http.createServer((request, response) => {
    state.requests.push(request.url ?? '');
    handler(request, response);
  });
  const state: CountingServer = {
    port: 0,
    connections: 0,
    requests: [],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  server.on('connection', () => {
    state.connections++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as AddressInfo).port;
  return state;
}

const imageBytes = Buffer.from('pretend these are image bytes: ingest sniffs them, not this fetch');
let source: CountingServer;
let other: CountingServer;
let connects: string[] = [];

beforeAll(async () => {
  source = await countingServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    const to = url.searchParams.get('to');
    if (to) {
      response.writeHead(302, { location: to }).end();
      return;
    }
    if (url.pathname === '/hops') {
      const left = Number(url.searchParams.get('n'));
      response.writeHead(302, { location: left > 0 ? `/hops?n=${left - 1}` : '/image' }).end();
      return;
    }
    if (url.pathname === '/missing') {
      response.writeHead(404).end();
      return;
    }
    if (url.pathname === '/big') {
      response.writeHead(200, { 'content-length': String(10_000) }).end(Buffer.alloc(10_000));
      return;
    }
    if (url.pathname === '/big-chunked') {
      response.writeHead(200);
      for (let i = 0; i < 10; i++) response.write(Buffer.alloc(1_000));
      response.end();
      return;
    }
    if (url.pathname === '/stall') {
      response.writeHead(200);
      response.write('x');
      return; // never ends
    }
    // The declared type says HTML: it is ignored (ingest sniffs the bytes).
    response.writeHead(200, { 'content-type': 'text/html' }).end(imageBytes);
  });
  other = await countingServer((_request, response) => response.end(imageBytes));
  const realConnect = net.Socket.prototype.connect;
  vi.spyOn(net.Socket.prototype, 'connect').mockImplementation(function (
    this: net.Socket,
    ...args: unknown[]
  ) {
    // Node hands its own sockets their arguments normalized: [options, callback].
    const first = Array.isArray(args[0]) ? args[0][0] : args[0];
    const options = first as { host?: string; port?: number } | undefined;
    connects.push(`${options?.host}:${options?.port}`);
    return (realConnect as (...a: unknown[]) => net.Socket).apply(this, args);
  });
});
afterAll(async () => {
  vi.restoreAllMocks();
  await source?.close();
  await other?.close();
});
afterEach(() => {
  connects = [];
});

function options(overrides: Partial<SourceFetchOptions> = {}): SourceFetchOptions {
  return {
    allowedHosts: parseImportAllowedHosts(`127.0.0.1:${source.port}`),
    maxBytes: 5_000,
    timeoutMs: 2_000,
    maxRedirects: 3,
    ...overrides,
  };
}

async function refusal(
  url: string,
  extra: Partial<SourceFetchOptions> = {},
): Promise<{ status: number; message: string }> {
  const error = await fetchSource(url, options(extra)).then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError for ${url}, got ${String(error)}`);
  return { status: error.status, message: error.message };
}

const internal =
  'sourceUrl points to a loopback, private, link-local or otherwise internal address; Vitrine does not fetch from there.';

describe('fetchSource refuses every internal address, before connecting', () => {
  it.each([
    ['loopback', () => `https://127.0.0.1:${source.port}/image`],
    ['0.0.0.0', () => `https://0.0.0.0:${source.port}/image`],
    ['::1', () => `https://[::1]:${source.port}/image`],
    ['IPv4-mapped loopback', () => `https://[::ffff:127.0.0.1]:${source.port}/image`],
    ['10/8', () => 'https://10.1.2.3/image.png'],
    ['172.16/12', () => 'https://172.16.5.4/image.png'],
    ['192.168/16', () => 'https://192.168.1.1/image.png'],
    ['cloud metadata', () => 'https://169.254.169.254/latest/meta-data/'],
    ['unique-local fd00::/8', () => 'https://[fd00::1]/image.png'],
    ['loopback as a decimal number', () => `https://2130706433:${source.port}/image`],
  ])('%s → 400, nothing fetched', async (_name, url) => {
    // IMPORT_ALLOWED_HOSTS unset, as by default.
    expect(await refusal(url(), { allowedHosts: new Set() })).toEqual({ status: 400, message: internal });
    expect(connects).toEqual([]);
  });

  it('a host name that resolves to loopback (localhost, through the system resolver)', async () => {
    expect(await refusal(`https://localhost:${source.port}/image`, { allowedHosts: new Set() })).toEqual({
      status: 400,
      message: internal,
    });
    expect(connects).toEqual([]);
  });

  it.each([
    ['resolves to a private address', [{ address: '10.0.0.5', family: 4 }]],
    ['resolves to the metadata address', [{ address: '169.254.169.254', family: 4 }]],
    [
      'resolves to a public address first and a private one second',
      [
        { address: '93.184.216.34', family: 4 },
        { address: '10.0.0.1', family: 4 },
      ],
    ],
    [
      'resolves to a public IPv4 and a unique-local IPv6',
      [
        { address: '93.184.216.34', family: 4 },
        { address: 'fd12:3456::1', family: 6 },
      ],
    ],
  ] as [string, ResolvedAddress[]][])('a host name that %s', async (_name, answers) => {
    const resolve = vi.fn(async () => answers);
    expect(await refusal('https://images.example/a.png', { resolve })).toEqual({
      status: 400,
      message: internal,
    });
    expect(resolve).toHaveBeenCalledWith('images.example');
    expect(connects).toEqual([]);
  });

  it('a redirect to the metadata address, and one to a loopback port not allowed', async () => {
    const base = `http://127.0.0.1:${source.port}`;
    const toMetadata = `${base}/r?to=${encodeURIComponent('https://169.254.169.254/latest/meta-data/')}`;
    expect(await refusal(toMetadata)).toEqual({ status: 400, message: internal });
    const toOther = `${base}/r?to=${encodeURIComponent(`http://127.0.0.1:${other.port}/image`)}`;
    expect((await refusal(toOther)).status).toBe(400);
    const toOtherHttps = `${base}/r?to=${encodeURIComponent(`https://127.0.0.1:${other.port}/image`)}`;
    expect(await refusal(toOtherHttps)).toEqual({ status: 400, message: internal });
    expect(other.connections).toBe(0);
    // Only the allowed source was ever connected to.
    expect(new Set(connects)).toEqual(new Set([`127.0.0.1:${source.port}`]));
  });

  it.each([
    ['ftp://example.com/a.png', 'sourceUrl must be an https:// URL (got ftp:).'],
    ['file:///etc/passwd', 'sourceUrl must be an https:// URL (got file:).'],
    [
      'http://example.com/a.png',
      'sourceUrl must use https (plain http only for hosts in IMPORT_ALLOWED_HOSTS).',
    ],
    ['https://user:secret@example.com/a.png', 'sourceUrl must not carry a user name or password.'],
    ['not a url', 'sourceUrl is not a URL.'],
  ])('%s → 400', async (url, message) => {
    expect(await refusal(url)).toEqual({ status: 400, message });
    expect(connects).toEqual([]);
  });
});

describe('fetchSource from an allowed host', () => {
  it('fetches the bytes over http, ignoring the declared type', async () => {
    const bytes = await fetchSource(`http://127.0.0.1:${source.port}/image`, options());
    expect(Buffer.from(bytes).equals(imageBytes)).toBe(true);
  });

  it('follows at most 3 redirects', async () => {
    const base = `http://127.0.0.1:${source.port}`;
    expect(Buffer.from(await fetchSource(`${base}/hops?n=2`, options())).equals(imageBytes)).toBe(true);
    expect(await refusal(`${base}/hops?n=3`)).toEqual({
      status: 422,
      message: 'sourceUrl redirected more than 3 times.',
    });
  });

  it('connects to the address it checked: DNS is asked once per hop, a second answer is never used', async () => {
    let calls = 0;
    const resolve = vi.fn(async (): Promise<ResolvedAddress[]> => {
      calls++;
      // A rebinding resolver: the first answer is the allowed one, every later one is internal.
      return [{ address: calls === 1 ? '127.0.0.1' : '10.66.66.66', family: 4 }];
    });
    const bytes = await fetchSource(`http://pinned.test:${source.port}/image`, {
      ...options(),
      allowedHosts: parseImportAllowedHosts(`pinned.test:${source.port}`),
      resolve,
    });
    expect(Buffer.from(bytes).equals(imageBytes)).toBe(true);
    expect(resolve).toHaveBeenCalledTimes(1);
    expect(connects).toEqual([`127.0.0.1:${source.port}`]);
    expect(source.requests.at(-1)).toBe('/image');
  });

  it.each([
    ['/missing', 422, 'sourceUrl answered 404.'],
    ['/big', 413, "sourceUrl's answer is larger than 0 MB."],
    ['/big-chunked', 413, "sourceUrl's answer is larger than 0 MB."],
  ])('%s → %i', async (path, status, message) => {
    expect(await refusal(`http://127.0.0.1:${source.port}${path}`)).toEqual({ status, message });
  });

  it('a source that stalls is cut off at the timeout', async () => {
    const started = Date.now();
    expect(await refusal(`http://127.0.0.1:${source.port}/stall`, { timeoutMs: 300 })).toEqual({
      status: 422,
      message: 'sourceUrl did not answer within 0.3 s.',
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('a resolver that never answers is cut off at the timeout too', async () => {
    const resolve = () => new Promise<ResolvedAddress[]>(() => undefined);
    expect(await refusal('https://slow-dns.example/a.png', { resolve, timeoutMs: 200 })).toEqual({
      status: 422,
      message: 'sourceUrl did not answer within 0.2 s.',
    });
  });

  it('a host that does not resolve, and a port nobody listens on', async () => {
    const resolve = async (): Promise<ResolvedAddress[]> => {
      throw Object.assign(new Error('nope'), { code: 'ENOTFOUND' });
    };
    expect(await refusal('https://nowhere.example/a.png', { resolve })).toEqual({
      status: 422,
      message: "sourceUrl's host nowhere.example could not be resolved.",
    });
    const closed = net.createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((done) => closed.close(() => done()));
    expect(
      await refusal(`http://127.0.0.1:${port}/a.png`, {
        allowedHosts: parseImportAllowedHosts(`127.0.0.1:${port}`),
      }),
    ).toEqual({ status: 422, message: 'sourceUrl could not be fetched (ECONNREFUSED).' });
  });
});

describe('parseImportAllowedHosts', () => {
  it('reads host[:port] entries, lower-cased, ignoring blanks', () => {
    expect([...parseImportAllowedHosts(' Images.Internal:8080, cdn.local ,,')]).toEqual([
      'images.internal:8080',
      'cdn.local',
    ]);
    expect(parseImportAllowedHosts(undefined).size).toBe(0);
  });
});
