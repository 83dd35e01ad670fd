import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import sharp from 'sharp';
import { Client, type Dispatcher } from 'undici';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { immutableCacheControl, noStoreCacheControl, notFoundCacheControl } from '@/lib/image-guard/headers';
import { widthLadder } from '@/lib/images/ladder';
import { serveNodeImageRequest } from '@/lib/transform/node-image-adapter';
import { serveImageRequest } from '@/lib/transform/serve-image';
import { installTestAppServices, type TestAppServices } from '@/tests/support/test-app-services';

/**
 * Whatever path, method and Accept a client sends to `/i/`, both of the app's adapters answer
 * without a server error (load shedding aside), with nosniff, with an error that no cache keeps as
 * the image, and with the same status as each other. Real services: fs stores, sharp, the variant
 * cache and pool, two real published JPEGs.
 */

const NUM_RUNS = 1500;
/** A request that has not been answered by then counts as a hang. */
const HANG_MS = 15_000;

let services: TestAppServices;
let server: http.Server;
let client: Client;
/** The published keys (`g/<sha256>.jpg`), filled in beforeAll. */
const published: string[] = [];

/** A real JPEG with a deterministic pattern (sharp's noise is random), so every run has the same keys. */
async function photo(shift: number): Promise<Buffer> {
  // Small sources keep cold transforms cheap; widths above them are never enlarged anyway.
  const width = 480;
  const height = 320;
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 3;
      pixels[at] = (x * 7 + y * 3 + shift) & 255;
      pixels[at + 1] = (x * y) & 255;
      pixels[at + 2] = (x ^ y) & 255;
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 80 })
    .toBuffer();
}

beforeAll(async () => {
  services = await installTestAppServices();
  for (const shift of [0, 128]) {
    const bytes = await photo(shift);
    const key = `g/${createHash('sha256').update(bytes).digest('hex')}.jpg`;
    await services.stores.public.put(key, new Uint8Array(bytes), { contentType: 'image/jpeg' });
    published.push(key);
  }
  server = http.createServer((request, response) => {
    void serveNodeImageRequest(request, response, services.variants);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  client = new Client(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
}, 60_000);

afterAll(async () => {
  await client?.close();
  await new Promise((resolve) => server?.close(resolve));
  await services?.close();
});

// ---- the grammar -----------------------------------------------------------------------------

const anyInt = fc.oneof(
  fc.constantFrom(...widthLadder),
  fc.integer({ min: -5, max: 200_000 }),
  fc.bigInt({ min: 0n, max: 10n ** 25n }),
);
const validToken = fc.oneof(
  fc.constantFrom(...widthLadder).map((w) => `w-${w}`),
  fc.constantFrom(1, 49, 50, 60, 75, 80, 85, 100).map((q) => `q-${q}`),
  fc.constantFrom(180, 360, 512, 640, 800, 853, 1024, 1138).map((h) => `h-${h}`),
);
const junkToken = fc.oneof(
  fc
    .tuple(fc.constantFrom('w', 'q', 'h', 'W', 'fit', 'format', 'dpr', ''), anyInt)
    .map(([k, v]) => `${k}-${v}`),
  fc.constantFrom('w-abc', 'w-', '-640', 'w-1e3', 'w-0x280', 'w-640.5', 'w-+640', 'w-６４０', 'q-NaN', 'h-∞'),
  fc.constantFrom('%2C', '%2c', 'w-640%2Cq-80', '%E2%80%AE', '%ff', '%', '%%', '%zz', '%00'),
  fc.string({ unit: 'binary', maxLength: 10 }),
);
/** A transform segment; sometimes longer than the guard's 256-character bound. */
const transformSegment = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.array(fc.oneof(validToken, junkToken), { maxLength: 6 }).map((t) => t.join(',')),
  },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 400 }).map((n) => `w-640,${'x'.repeat(n)}`) },
);

const dotSegment = fc.constantFrom(
  '.',
  '..',
  '%2e',
  '%2e%2e',
  '%2E%2E',
  '.%2e',
  '%2e.',
  '%252e%252e',
  '%c0%ae%c0%ae',
  '%e0%80%ae',
  '...',
  '.hidden',
  'a.',
  'a..b',
);
const separatorJunk = fc.constantFrom(
  '%2f',
  '%2F',
  '%5c',
  '%5C',
  '\\',
  '%00',
  '%0a',
  '%0d%0a',
  '%c0%af',
  '%e0%80%af',
  '%252f',
);
const plainSegment = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9._~-]{1,12}$/),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }),
  fc.constantFrom('g', 'G', 'originals', 'variants', 'ｇ', 'g\u0301', 'etc', 'passwd'),
);
/** A segment long enough for filesystems to refuse it as a name (> 255 bytes), or not quite. */
const longSegment = fc.integer({ min: 200, max: 520 }).map((n) => 'a'.repeat(n));

/** Takes a published key and bends it the way path traversal and encoding tricks do. */
function bent(key: string) {
  const [prefix = 'g', file = ''] = key.split('/');
  return fc.oneof(
    fc.constant(key),
    fc.constant(`${prefix}/${file.toUpperCase()}`),
    fc.constant(`G/${file}`),
    fc.constant(`${key}/`),
    fc.constant(`${key}.`),
    fc.constant(`${key}/x`),
    fc.constant(`${prefix}//${file}`),
    fc.constant(`${prefix}/${file.replace('.jpg', '.png')}`),
    fc.constant(`${prefix}/${file.replace('.', '%2e')}`),
    fc.tuple(dotSegment, separatorJunk).map(([dot, sep]) => `${prefix}/${dot}${sep}${prefix}${sep}${file}`),
    dotSegment.map((dot) => `${prefix}/${dot}/${prefix}/${file}`),
    dotSegment.map((dot) => `x/${dot}/${prefix}/${file}`),
    separatorJunk.map((sep) => `${prefix}${sep}${file}`),
    fc.nat({ max: file.length }).map((at) => `${prefix}/${file.slice(0, at)}`),
  );
}

const publishedIndex = fc.constantFrom(0, 1);
const storagePath = fc.oneof(
  { weight: 6, arbitrary: publishedIndex.map((i) => published[i] ?? '') },
  { weight: 5, arbitrary: publishedIndex.chain((i) => bent(published[i] ?? '')) },
  {
    weight: 4,
    arbitrary: fc
      .array(fc.oneof(plainSegment, dotSegment, separatorJunk, longSegment), { minLength: 1, maxLength: 6 })
      .map((segments) => `g/${segments.join('/')}`),
  },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.oneof(plainSegment, dotSegment, separatorJunk), { minLength: 0, maxLength: 5 })
      .map((segments) => segments.join('/')),
  },
  { weight: 1, arbitrary: fc.integer({ min: 480, max: 1200 }).map((n) => `g/${'b'.repeat(n)}.jpg`) },
);

const prefix = fc.oneof(
  { weight: 12, arbitrary: fc.constant('/i/') },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '/I/',
      '/i',
      '/i//',
      '//i/',
      '/%69/',
      '/i/../i/',
      '/x/../i/',
      '/i/./',
      '/i\\',
      '/\\i/',
      '/',
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom('//evil.example/i/', '///i/', '//127.0.0.1/i/') },
);
const suffix = fc.oneof(
  { weight: 6, arbitrary: fc.constant('') },
  {
    weight: 2,
    arbitrary: fc.constantFrom('?w-320', '?x=1&w=320', '?', '#frag', '?a#b', '?../../etc/passwd'),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 12 }).map((s) => `?${s}`) },
);

/** The target the way a client has to put it on the wire: printable ASCII, the rest percent-encoded as UTF-8. */
function onTheWire(raw: string): string {
  let out = '';
  for (const character of raw) {
    const code = character.codePointAt(0) ?? 0;
    if (code >= 0x21 && code <= 0x7e) out += character;
    else
      for (const byte of Buffer.from(character, 'utf8'))
        out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const target = fc
  .tuple(prefix, transformSegment, storagePath, suffix)
  .map(([p, t, s, q]) => onTheWire(`${p}${t}/${s}${q}`));
const method = fc.oneof(
  { weight: 8, arbitrary: fc.constant('GET') },
  { weight: 3, arbitrary: fc.constant('HEAD') },
  { weight: 1, arbitrary: fc.constantFrom('POST', 'OPTIONS', 'PUT', 'DELETE', 'PATCH') },
);
const mediaRange = fc.constantFrom(
  'image/avif',
  'image/webp',
  'image/jpeg',
  'image/png',
  'image/*',
  '*/*',
  'text/html',
  'application/xml',
  'image/apng',
  'image/svg+xml',
);
const accept = fc.oneof(
  fc.constant(null),
  fc.constantFrom('image/avif,image/webp,image/apng,image/*,*/*;q=0.8', 'image/webp,*/*', '', '*/*'),
  fc
    .array(
      fc
        .tuple(mediaRange, fc.option(fc.constantFrom('0', '0.0', '1', '0.5', '2', '-1', 'abc', '')))
        .map(([range, q]) => (q === null ? range : `${range};q=${q}`)),
      { maxLength: 5 },
    )
    .map((ranges) => ranges.join(',')),
  fc.string({ unit: 'grapheme-ascii', maxLength: 40 }),
);

// ---- the two adapters --------------------------------------------------------------------------

interface Answer {
  status: number;
  header(name: string): string | null;
  body: Uint8Array;
}

function withinDeadline<T>(work: Promise<T>, label: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`hang: no answer from ${label} within ${HANG_MS} ms`)),
      HANG_MS,
    );
  });
  return Promise.race([work, hang]).finally(() => clearTimeout(timer));
}

async function throughWeb(path: string, verb: string, acceptHeader: string | null): Promise<Answer> {
  const request = new Request(`http://localhost${path}`, {
    method: verb,
    headers: acceptHeader === null ? {} : { accept: acceptHeader },
  });
  const response = await serveImageRequest(request, services.variants);
  return {
    status: response.status,
    header: (name) => response.headers.get(name),
    body: new Uint8Array(await response.arrayBuffer()),
  };
}

/** Over a real socket, with the request target byte for byte as generated (undici does not normalize it). */
async function throughNode(path: string, verb: string, acceptHeader: string | null): Promise<Answer> {
  const response = await client.request({
    path,
    // Any token goes on the wire; undici's type lists only the standard methods.
    method: verb as Dispatcher.HttpMethod,
    headers: acceptHeader === null ? {} : { accept: acceptHeader },
  });
  const body = new Uint8Array(await response.body.arrayBuffer());
  return {
    status: response.statusCode,
    header: (name) => {
      const value = response.headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
    body,
  };
}

const loadShedding = (status: number) => status === 503 || status === 429;
const isServerError = (status: number) => status >= 500 && status !== 503;

/** What is wrong with one answer on its own, whichever adapter gave it; null when nothing is. */
function headerProblem(answer: Answer, verb: string): string | null {
  const { status } = answer;
  if (answer.header('x-content-type-options') !== 'nosniff') return `${status} without nosniff`;
  if (loadShedding(status) && !/^[1-9][0-9]*$/.test(answer.header('retry-after') ?? '')) {
    return `${status} without a Retry-After`;
  }
  const cacheControl = answer.header('cache-control');
  if (status === 200) {
    if (cacheControl !== immutableCacheControl) return `200 with Cache-Control ${cacheControl}`;
    if (!/^image\/(avif|webp|jpeg|png)$/.test(answer.header('content-type') ?? '')) {
      return `200 with Content-Type ${answer.header('content-type')}`;
    }
    if (verb === 'GET' && answer.body.byteLength === 0) return '200 with an empty body';
    return null;
  }
  if (status < 400) return `unexpected ${status}`;
  const cacheable404 = status === 404 && cacheControl === notFoundCacheControl;
  if (!cacheable404 && cacheControl !== noStoreCacheControl)
    return `${status} with Cache-Control ${cacheControl}`;
  return null;
}

interface Violation {
  input: string;
  detail: string;
}

/** The count and the three shortest offending answers: enough to reproduce, short enough to read. */
function summary(violations: Violation[]): string {
  const shortest = [...violations].sort((a, b) => a.input.length - b.input.length).slice(0, 3);
  return `${violations.length} answers, e.g. ${shortest.map((v) => `${v.input} → ${v.detail}`).join(' | ')}`;
}

it(`answers ${NUM_RUNS} hostile /i/ requests through both adapters without a server error`, async () => {
  let inputs = 0;
  let served = 0;
  // Collected rather than thrown, so one run reports every kind of failure it meets, not the first.
  const serverErrors: Violation[] = [];
  const badHeaders: Violation[] = [];
  const mismatches: Violation[] = [];
  const examples: [string, string, string | null][] = [
    [`/i/w-640/${published[0]}`, 'GET', 'image/avif,image/webp,*/*'],
    [`/i/w-640/g/%2e%2e/${published[0]}`, 'GET', null],
    // A storage path segment one byte longer than a filesystem name may be (NAME_MAX, 255 bytes).
    [`/i/w-640/g/${'a'.repeat(256)}`, 'GET', null],
    // A request target whose first segment a URL parser may take for a host.
    [`//evil.example/i/w-640/${published[1]}`, 'GET', null],
  ];
  // The route logs every 500 with its stack; the counts and counterexamples below say it shorter.
  const errorLog = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const run = fc.assert(
    fc.asyncProperty(target, method, accept, async (path, verb, acceptHeader) => {
      inputs++;
      const input = `${verb} ${path}${acceptHeader === null ? '' : ` (Accept: ${acceptHeader})`}`;
      // A hang throws: nothing after it in this run could be trusted.
      const web = await withinDeadline(throughWeb(path, verb, acceptHeader), `the Web adapter for ${input}`);
      const node = await withinDeadline(
        throughNode(path, verb, acceptHeader),
        `the Node adapter for ${input}`,
      );
      if (web.status === 200) served++;
      for (const [adapter, answer] of [
        ['Web', web],
        ['Node', node],
      ] as const) {
        if (isServerError(answer.status)) serverErrors.push({ input, detail: `${adapter} ${answer.status}` });
        const problem = headerProblem(answer, verb);
        if (problem) badHeaders.push({ input, detail: `${adapter} ${problem}` });
      }
      if (!loadShedding(web.status) && !loadShedding(node.status)) {
        if (node.status !== web.status) {
          mismatches.push({ input, detail: `Web ${web.status}, Node ${node.status}` });
        } else if (web.status === 200 && node.header('content-type') !== web.header('content-type')) {
          mismatches.push({
            input,
            detail: `Web ${web.header('content-type')}, Node ${node.header('content-type')}`,
          });
        }
      }
    }),
    { seed: 42, numRuns: NUM_RUNS, examples },
  );
  await run.finally(() => errorLog.mockRestore());
  console.log(
    `fuzz guard paths: ${inputs} inputs × 2 adapters, ${serverErrors.length} server errors, ` +
      `${badHeaders.length} header problems, ${mismatches.length} status mismatches (${served} served an image)`,
  );
  // fast-check counts the examples among the runs.
  expect(inputs).toBe(NUM_RUNS);
  // The grammar must reach real images too, or the properties would only ever see 404s.
  expect(served).toBeGreaterThan(NUM_RUNS / 10);
  expect.soft(serverErrors.length, `5xx other than 503: ${summary(serverErrors)}`).toBe(0);
  expect.soft(badHeaders.length, `header problems: ${summary(badHeaders)}`).toBe(0);
  expect.soft(mismatches.length, `Node and Web adapters disagree: ${summary(mismatches)}`).toBe(0);
}, 180_000);
