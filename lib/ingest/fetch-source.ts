import 'server-only';
import { lookup } from 'node:dns/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { ApiError } from '@/lib/api/errors';
import { isPublicAddress } from './address-policy';

/**
 * Fetches a generation's bytes from a `sourceUrl`, SSRF-safe (docs/publishing-api.md, "Fetching a
 * sourceUrl"): https only; every address the host resolves to must be public (lib/ingest/
 * address-policy.ts), and the connection goes to the address that was checked (pinned: a second DNS
 * answer can never be what is reached, so rebinding cannot lead it inside); each redirect (at most
 * `maxRedirects`) is checked the same way; bounded in bytes and in time; the declared Content-Type
 * is ignored (the bytes are sniffed by ingest). Hosts named in IMPORT_ALLOWED_HOSTS may also be
 * reached over plain http and on private addresses.
 */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export interface SourceFetchOptions {
  /** `host` or `host:port`, lower-case: hosts that may be reached over http and on private addresses. */
  allowedHosts: ReadonlySet<string>;
  maxBytes: number;
  /** For the whole fetch: every hop, headers and body. */
  timeoutMs: number;
  maxRedirects: number;
  /** DNS: every address of a host name. Tests put a resolver of their own here. */
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
}

/** `IMPORT_ALLOWED_HOSTS` (comma-separated `host[:port]`) as the set `allowedHosts` takes. */
export function parseImportAllowedHosts(value: string | undefined): Set<string> {
  return new Set(
    (value ?? '')
      .split(',')
      .map((entry) => entry.trim().toLowerCase())
      .filter(Boolean),
  );
}

async function systemResolve(hostname: string): Promise<ResolvedAddress[]> {
  const answers = await lookup(hostname, { all: true, verbatim: true });
  return answers.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
}

const refuse = (message: string) => new ApiError('bad_request', message);
const unreadable = (message: string) => new ApiError('unprocessable_entity', message);

interface Target {
  url: URL;
  /** The host name without IPv6 brackets. */
  hostname: string;
  address: ResolvedAddress;
}

function isAllowedHost(url: URL, options: SourceFetchOptions): boolean {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const host = url.hostname.toLowerCase();
  return options.allowedHosts.has(host) || options.allowedHosts.has(`${host}:${port}`);
}

/** Where one hop may go, or why not: checked before any connection is made. */
async function checkTarget(url: URL, options: SourceFetchOptions): Promise<Target> {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw refuse(`sourceUrl must be an https:// URL (got ${url.protocol}).`);
  }
  if (url.username || url.password) throw refuse('sourceUrl must not carry a user name or password.');
  const allowed = isAllowedHost(url, options);
  if (url.protocol === 'http:' && !allowed) {
    throw refuse('sourceUrl must use https (plain http only for hosts in IMPORT_ALLOWED_HOSTS).');
  }
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const family = isIP(hostname);
  let addresses: ResolvedAddress[];
  if (family !== 0) addresses = [{ address: hostname, family: family === 6 ? 6 : 4 }];
  else {
    try {
      addresses = await (options.resolve ?? systemResolve)(hostname);
    } catch {
      throw unreadable(`sourceUrl's host ${hostname} could not be resolved.`);
    }
  }
  const first = addresses[0];
  if (!first) throw unreadable(`sourceUrl's host ${hostname} has no address.`);
  // Every answer, not only the one connected to: a host with one private answer is refused outright.
  if (!allowed && !addresses.every((answer) => isPublicAddress(answer.address))) {
    throw refuse(
      'sourceUrl points to a loopback, private, link-local or otherwise internal address; Vitrine does not fetch from there.',
    );
  }
  return { url, hostname, address: first };
}

/** One GET to the checked address; the Host header and TLS name stay the URL's. */
function requestOnce(target: Target, signal: AbortSignal): Promise<IncomingMessage> {
  const { url } = target;
  const secure = url.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const request = (secure ? https : http).request({
      host: target.address.address,
      family: target.address.family,
      port: url.port || (secure ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers: { host: url.host, accept: 'image/*', 'user-agent': 'Vitrine-import/1' },
      ...(secure && isIP(target.hostname) === 0 ? { servername: target.hostname } : {}),
      agent: false,
      signal,
    });
    request.once('response', resolve);
    request.once('error', reject);
    request.end();
  });
}

async function readBody(response: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers['content-length']);
  const tooLarge = () =>
    new ApiError(
      'payload_too_large',
      `sourceUrl's answer is larger than ${Math.round(maxBytes / 1024 / 1024)} MB.`,
    );
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    length += chunk.byteLength;
    if (length > maxBytes) {
      response.destroy();
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, length);
}

export async function fetchSource(sourceUrl: string, options: SourceFetchOptions): Promise<Uint8Array> {
  let url: URL;
  try {
    url = new URL(sourceUrl);
  } catch {
    throw refuse('sourceUrl is not a URL.');
  }
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    // DNS has no timeout of its own (getaddrinfo can wait for minutes): the fetch's covers it too.
    const timedOut = new Promise<never>((_, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
    timedOut.catch(() => undefined);
    for (let hop = 0; hop <= options.maxRedirects; hop++) {
      const target = await Promise.race([checkTarget(url, options), timedOut]);
      const response = await requestOnce(target, signal);
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (status >= 300 && status < 400 && location) {
        response.destroy();
        url = new URL(location, url);
        continue;
      }
      if (status < 200 || status > 299) {
        response.destroy();
        throw unreadable(`sourceUrl answered ${status}.`);
      }
      return await readBody(response, options.maxBytes);
    }
    throw unreadable(`sourceUrl redirected more than ${options.maxRedirects} times.`);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    if (signal.aborted) throw unreadable(`sourceUrl did not answer within ${options.timeoutMs / 1000} s.`);
    const code = (error as { code?: string }).code;
    throw unreadable(`sourceUrl could not be fetched${code ? ` (${code})` : ''}.`);
  }
}
