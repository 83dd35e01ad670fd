import fc from 'fast-check';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { GET } from '@/app/api/feed/route';
import type { FeedPage } from '@/lib/feed/feed-types';
import { fixtureGeneration, insertGenerations } from '@/tests/support/test-fixtures';
import { installTestAppServices, type TestAppServices } from '@/tests/support/test-app-services';

// A fixed secret, so that signing cursors never writes an app-secret file into the repository's DATA_DIR.
vi.hoisted(() => {
  process.env.APP_SECRET = 'fuzz-feed-query-secret-fuzz-feed-query-secret';
});

/**
 * Whatever query string a client sends to `GET /api/feed` — unknown, repeated, huge or hostile
 * keys and values, and real cursors bent every way — the answer is the documented 200 page or the
 * documented 400, never a 5xx. Real route handler, real PGlite, enough public rows for six pages.
 */

const QUERY_RUNS = 1200;
const CURSOR_RUNS = 1200;
const PUBLIC_ROWS = 130;
const HANG_MS = 15_000;

let services: TestAppServices;
/** Cursors the API itself issued (first page, a middle page, a page reached backwards). */
const issued: string[] = [];

const itemKeys = [
  'author',
  'blurhash',
  'height',
  'id',
  'model',
  'prompt',
  'publishedAt',
  'rating',
  'src',
  'width',
];
const microsecondIso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

interface Answer {
  status: number;
  cacheControl: string | null;
  body: unknown;
}

async function feed(query: string): Promise<Answer> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`hang: GET /api/feed?${query.slice(0, 200)}`)), HANG_MS);
  });
  const answered = (async () => {
    const response = await GET(new Request(`http://localhost:3000/api/feed?${query}`));
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = { notJson: text.slice(0, 200) };
    }
    return { status: response.status, cacheControl: response.headers.get('cache-control'), body };
  })();
  return Promise.race([answered, hang]).finally(() => clearTimeout(timer));
}

async function page(query: string): Promise<FeedPage> {
  const answer = await feed(query);
  if (answer.status !== 200)
    throw new Error(`seed page ${query}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body as FeedPage;
}

beforeAll(async () => {
  services = await installTestAppServices();
  const start = Date.UTC(2026, 0, 1);
  const rows = Array.from({ length: PUBLIC_ROWS }, (_, i) => {
    // Distinct microseconds, so cursors carry timestamps a JS Date could not hold.
    const micros = String(100_000 + i * 7).padStart(6, '0');
    const seconds = new Date(start + i * 60_000).toISOString().slice(0, 19);
    // Fixed ids (with the fixed secret, fixed cursors): every run bends the same bytes.
    const id = `01900000-0000-7000-8000-${(i + 1).toString(16).padStart(12, '0')}`;
    return fixtureGeneration({ id, publishedAt: `${seconds}.${micros}Z`, model: i % 2 ? 'flux' : 'sdxl' });
  });
  const drafts = Array.from({ length: 10 }, (_, i) =>
    fixtureGeneration({
      id: `01900000-0000-7000-9000-${(i + 1).toString(16).padStart(12, '0')}`,
      status: 'draft',
      publishedAt: null,
    }),
  );
  await insertGenerations(services.handle.db, [...rows, ...drafts]);

  const head = await page('limit=24');
  const second = await page(`limit=24&after=${encodeURIComponent(head.nextCursor ?? '')}`);
  const backwards = await page(`limit=10&before=${encodeURIComponent(second.prevCursor ?? '')}`);
  for (const cursor of [head.nextCursor, second.nextCursor, second.prevCursor, backwards.prevCursor]) {
    if (cursor) issued.push(cursor);
  }
  // Four distinct cursors, or the mutations below would have little to work with.
  expect(new Set(issued).size).toBe(4);
}, 60_000);

/** What both properties tried and found, for the file's one summary line. */
const tally = { queries: 0, cursors: 0, violations: 0, tamperedAccepted: 0 };

afterAll(async () => {
  console.log(
    `fuzz feed query: ${tally.queries} query strings + ${tally.cursors} mutated cursors, ` +
      `${tally.violations} contract violations (5xx or off-contract), ${tally.tamperedAccepted} tampered cursors accepted`,
  );
  await services?.close();
});

/** What is wrong with an answer, or null when it is the documented 200 page or 400 error. */
function contractProblem(answer: Answer): string | null {
  const { status, body } = answer;
  if (status === 400) {
    if (answer.cacheControl !== 'no-store') return `400 with Cache-Control ${answer.cacheControl}`;
    const error = (body as { error?: unknown }).error as { code?: unknown; message?: unknown } | undefined;
    const exact =
      Object.keys(body as object).join() === 'error' &&
      error !== undefined &&
      Object.keys(error).sort().join() === 'code,message' &&
      // A valid cursor of another search has a code of its own (lib/feed/cursor.ts).
      (error.code === 'bad_request' || error.code === 'cursor_filter_mismatch') &&
      typeof error.message === 'string' &&
      error.message.length > 0;
    return exact ? null : `400 with body ${JSON.stringify(body).slice(0, 200)}`;
  }
  if (status !== 200) return `${status} ${JSON.stringify(body).slice(0, 200)}`;
  if (!answer.cacheControl?.startsWith('public,')) return `200 with Cache-Control ${answer.cacheControl}`;
  const feedPage = body as Record<string, unknown>;
  if (Object.keys(feedPage).sort().join() !== 'items,nextCursor,prevCursor') {
    return `200 with keys ${Object.keys(feedPage).join()}`;
  }
  for (const cursor of [feedPage.nextCursor, feedPage.prevCursor]) {
    if (cursor !== null && (typeof cursor !== 'string' || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(cursor))) {
      return `200 with cursor ${JSON.stringify(cursor)}`;
    }
  }
  const items = feedPage.items;
  if (!Array.isArray(items) || items.length > 60) return '200 without an items array of at most 60';
  for (const item of items as Record<string, unknown>[]) {
    const wellFormed =
      Object.keys(item).sort().join() === itemKeys.join() &&
      typeof item.id === 'string' &&
      typeof item.src === 'string' &&
      /^g\/[0-9a-f]{64}\.jpg$/.test(item.src) &&
      Number.isInteger(item.width) &&
      Number.isInteger(item.height) &&
      ['blurhash', 'prompt', 'model', 'author'].every((key) => typeof item[key] === 'string') &&
      (item.rating === 'general' || item.rating === 'sensitive') &&
      typeof item.publishedAt === 'string' &&
      microsecondIso.test(item.publishedAt);
    if (!wellFormed) return `200 with item ${JSON.stringify(item).slice(0, 200)}`;
  }
  return null;
}

// ---- query strings ---------------------------------------------------------------------------

/** UTF-8 percent-encoding that also takes lone surrogates (encodeURIComponent throws on them). */
function percentEncoded(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

const sqlish = fc.constantFrom(
  "' OR 1=1 --",
  "'; DROP TABLE generations; --",
  '" OR ""="',
  '%',
  '_',
  '\\',
  '$1',
  '?',
  "1' UNION SELECT * FROM curators --",
  'NULL',
  '\u0000',
);
const numberish = fc.oneof(
  fc.integer({ min: -100, max: 200 }).map(String),
  fc.bigInt({ min: 0n, max: 10n ** 40n }).map(String),
  fc.constantFrom(
    '',
    ' 24',
    '24 ',
    '1e1',
    '1E2',
    '10.0',
    '10.5',
    '0x10',
    '0b11',
    '+5',
    '-0',
    'Infinity',
    'NaN',
    '６０',
    '٣',
  ),
);
const huge = fc
  .integer({ min: 1_000, max: 20_000 })
  .chain((n) => fc.constantFrom('9', 'a', '%', '€').map((c) => c.repeat(n)));
const value = fc.oneof(
  numberish,
  sqlish,
  huge,
  fc.nat({ max: 3 }).map((i) => issued[i] ?? ''),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
);
const key = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('limit', 'after', 'before') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'q',
      'model',
      'author',
      'rating',
      'LIMIT',
      'limit[]',
      'after[0]',
      '__proto__',
      'constructor',
      '',
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
);
/** One `key=value` pair: mostly encoded, sometimes raw (raw '&', '=', '%zz', '#' and '+' included). */
const pair = fc
  .tuple(key, value, fc.boolean(), fc.constantFrom('=', '', '=='))
  .map(([k, v, raw, equals]) => `${raw ? k : percentEncoded(k)}${equals}${raw ? v : percentEncoded(v)}`);
const queryString = fc.array(pair, { maxLength: 6 }).map((pairs) => pairs.join('&'));

// ---- cursor mutations ------------------------------------------------------------------------

const base64url = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const anyIssued = fc.nat({ max: 3 }).map((i) => issued[i] ?? '');

function splitCursor(cursor: string): [string, string] {
  const dot = cursor.indexOf('.');
  return [cursor.slice(0, dot), cursor.slice(dot + 1)];
}

const mutatedCursor: fc.Arbitrary<string> = fc.oneof(
  // One character replaced, anywhere (payload, dot or MAC).
  fc
    .tuple(
      anyIssued,
      fc.nat(),
      fc.oneof(fc.constantFrom(...base64url), fc.constantFrom('.', '=', '+', '/', ' ', '%', 'é')),
    )
    .map(([c, at, ch]) => {
      const i = at % c.length;
      return c.slice(0, i) + ch + c.slice(i + 1);
    }),
  // The MAC's last character: 22 base64url characters hold 132 bits for its 128, so a lenient
  // decoder reads 16 different last characters as the same bytes.
  fc.tuple(anyIssued, fc.constantFrom(...base64url)).map(([c, ch]) => c.slice(0, -1) + ch),
  fc.tuple(anyIssued, fc.nat()).map(([c, at]) => c.slice(0, at % c.length)),
  fc
    .tuple(anyIssued, fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 8 }))
    .map(([c, junk]) => c + junk),
  fc.tuple(anyIssued, fc.constantFrom('=', '==', '===', '.', '\n', ' ')).map(([c, pad]) => c + pad),
  fc.tuple(anyIssued, fc.constantFrom('=', '==')).map(([c, pad]) => {
    const [payload, mac] = splitCursor(c);
    return `${payload}${pad}.${mac}`;
  }),
  // The payload of one issued cursor with the MAC of another.
  fc.tuple(fc.nat({ max: 3 }), fc.nat({ max: 3 })).map(([a, b]) => {
    const [payload] = splitCursor(issued[a] ?? '');
    const [, mac] = splitCursor(issued[b] ?? '');
    return `${payload}.${mac}`;
  }),
  anyIssued.map((c) => {
    const [payload, mac] = splitCursor(c);
    return `${mac}.${payload}`;
  }),
  // Standard base64 alphabet, case flips, a third segment, empty halves.
  anyIssued.map((c) => c.replaceAll('-', '+').replaceAll('_', '/')),
  anyIssued.map((c) => c.toUpperCase()),
  anyIssued.map((c) => `${c}.${splitCursor(c)[1]}`),
  anyIssued.map((c) => `.${splitCursor(c)[1]}`),
  anyIssued.map((c) => `${splitCursor(c)[0]}.`),
  // About 10 KB and more.
  fc
    .tuple(anyIssued, fc.integer({ min: 10_000, max: 12_000 }))
    .map(([c, n]) => `${splitCursor(c)[0]}${'A'.repeat(n)}.${splitCursor(c)[1]}`),
  fc.tuple(anyIssued, fc.integer({ min: 100, max: 200 })).map(([c, n]) => c.repeat(n)),
);
const cursorQuery = fc
  .tuple(fc.constantFrom('after', 'before'), mutatedCursor, fc.option(fc.constantFrom('1', '24', '60')))
  .map(([direction, cursor, limit]) => ({
    cursor,
    query: `${direction}=${percentEncoded(cursor)}${limit === null ? '' : `&limit=${limit}`}`,
  }));

// ---- the properties --------------------------------------------------------------------------

interface Violation {
  input: string;
  detail: string;
}

function summary(violations: Violation[]): string {
  const shortest = [...violations].sort((a, b) => a.input.length - b.input.length).slice(0, 3);
  return `${violations.length} inputs, e.g. ${shortest.map((v) => `?${v.input} → ${v.detail}`).join(' | ')}`;
}

/**
 * An issued cursor with its MAC's last character changed to another that base64url-decodes to the
 * same 16 bytes (that character's 4 low bits are padding): the smallest tampered cursor there is.
 */
function sameMacOtherSpelling(cursor: string): { cursor: string; query: string } {
  const [payload, mac] = splitCursor(cursor);
  const bytes = Buffer.from(mac, 'base64url');
  const other = [...base64url]
    .map((ch) => mac.slice(0, -1) + ch)
    .find((spelling) => spelling !== mac && Buffer.from(spelling, 'base64url').equals(bytes));
  const tampered = `${payload}.${other ?? mac}`;
  return { cursor: tampered, query: `after=${percentEncoded(tampered)}` };
}

it('issued cursors are accepted, both ways (the mutations start from working cursors)', async () => {
  for (const cursor of issued) {
    for (const direction of ['after', 'before']) {
      const answer = await feed(`${direction}=${percentEncoded(cursor)}`);
      expect(answer.status).toBe(200);
      expect(contractProblem(answer)).toBeNull();
    }
  }
});

it(`answers ${QUERY_RUNS} arbitrary query strings with the documented 200 or 400`, async () => {
  let inputs = 0;
  const statuses = new Map<number, number>();
  const violations: Violation[] = [];
  await fc.assert(
    fc.asyncProperty(queryString, async (query) => {
      inputs++;
      const answer = await feed(query);
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      const problem = contractProblem(answer);
      if (problem) violations.push({ input: query, detail: problem });
    }),
    {
      seed: 42,
      numRuns: QUERY_RUNS,
      examples: [['limit=0'], ['limit=24&limit=24'], ['after=%27%20OR%201%3D1']],
    },
  );
  tally.queries = inputs;
  tally.violations += violations.length;
  expect(inputs).toBe(QUERY_RUNS);
  // Both outcomes must be reached, or the grammar is not exercising the handler.
  expect(statuses.get(200) ?? 0).toBeGreaterThan(QUERY_RUNS / 20);
  expect(statuses.get(400) ?? 0).toBeGreaterThan(QUERY_RUNS / 20);
  expect(violations.length, summary(violations)).toBe(0);
}, 120_000);

it(`answers ${CURSOR_RUNS} mutated real cursors with 400, never a page or a 5xx`, async () => {
  let inputs = 0;
  const serverErrors: Violation[] = [];
  const accepted: Violation[] = [];
  await fc.assert(
    fc.asyncProperty(cursorQuery, async ({ cursor, query }) => {
      inputs++;
      const answer = await feed(query);
      const problem = contractProblem(answer);
      if (problem) serverErrors.push({ input: query, detail: problem });
      // A cursor the server never issued is malformed or tampered with: the contract says 400.
      else if (answer.status === 200 && !issued.includes(cursor)) {
        accepted.push({ input: query, detail: '200' });
      }
    }),
    { seed: 42, numRuns: CURSOR_RUNS, examples: [[sameMacOtherSpelling(issued[0] ?? '')]] },
  );
  tally.cursors = inputs;
  tally.violations += serverErrors.length;
  tally.tamperedAccepted = accepted.length;
  expect(inputs).toBe(CURSOR_RUNS);
  expect.soft(serverErrors.length, summary(serverErrors)).toBe(0);
  expect.soft(accepted.length, `tampered cursors answered 200: ${summary(accepted)}`).toBe(0);
}, 120_000);
