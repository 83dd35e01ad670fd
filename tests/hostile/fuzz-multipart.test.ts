import { privateOriginalKeyOf } from '@/lib/images/storage-keys';
import fc from 'fast-check';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { POST } from '@/app/api/generations/route';
import { errorStatusByCode } from '@/lib/api/errors';
import { generations } from '@/lib/db/schema';
import { installWithCurator, origin } from '@/tests/support/curator-api';
import type { TestAppServices } from '@/tests/support/test-app-services';
import { solid } from '@/tests/support/test-images';

// A fixed secret, so that sessions never write an app-secret file into the repository's DATA_DIR.
vi.hoisted(() => {
  process.env.APP_SECRET = 'fuzz-multipart-secret-fuzz-multipart-secret-1234';
});

/**
 * Whatever body a logged-in curator's browser (or anything holding the session) sends to
 * `POST /api/generations` — broken framing, lying headers, duplicate or huge fields, random bytes
 * as the image, hostile filenames — the answer is a 2xx draft or a 4xx in the error contract, and
 * a refused upload leaves no row and no object behind. Real route, PGlite, fs stores, sharp.
 */

const NUM_RUNS = 400;
const HANG_MS = 15_000;
const email = 'fuzz@vitrine.test';
const password = 'a long enough password for fuzzing';

let services: TestAppServices;
let cookie: string;

beforeAll(async () => {
  ({ services, cookie } = await installWithCurator(email, password));
}, 60_000);

afterAll(() => services?.close());

// ---- images ----------------------------------------------------------------------------------

const imageCache = new Map<string, Uint8Array>();

/** A small real image; a few dozen distinct ones, so some uploads are new (201) and some repeat (200). */
async function realImage(shade: number, format: 'png' | 'jpeg' | 'webp'): Promise<Uint8Array> {
  const key = `${shade}.${format}`;
  let bytes = imageCache.get(key);
  if (!bytes) {
    const image = solid(24, 16, { r: shade * 8, g: 255 - shade * 8, b: 90 });
    const encoded = format === 'png' ? image.png() : format === 'jpeg' ? image.jpeg() : image.webp();
    bytes = new Uint8Array(await encoded.toBuffer());
    imageCache.set(key, bytes);
  }
  return bytes;
}

type FileContent =
  | { kind: 'image'; shade: number; format: 'png' | 'jpeg' | 'webp'; cut: number | null }
  | { kind: 'bytes'; bytes: Uint8Array };

const fileContent: fc.Arbitrary<FileContent> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('image' as const),
      shade: fc.nat({ max: 31 }),
      format: fc.constantFrom('png' as const, 'jpeg' as const, 'webp' as const),
      // Sometimes cut short: a truncated image must be a 422, not a crash.
      cut: fc.option(fc.nat({ max: 200 }), { freq: 4 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc
      .oneof(
        fc.uint8Array({ maxLength: 2000 }),
        // Real magic numbers followed by noise: the sniffer says "image", the decoder disagrees.
        fc
          .tuple(
            fc.constantFrom(
              [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
              [0xff, 0xd8, 0xff, 0xe0],
              [0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50],
              [0, 0, 0, 0x1c, 0x66, 0x74, 0x79, 0x70, 0x61, 0x76, 0x69, 0x66],
              [0x47, 0x49, 0x46, 0x38, 0x39, 0x61],
            ),
            fc.uint8Array({ maxLength: 300 }),
          )
          .map(([magic, rest]) => new Uint8Array([...magic, ...rest])),
        fc.constantFrom(new Uint8Array(0), new TextEncoder().encode('<svg><script>alert(1)</script></svg>')),
      )
      .map((bytes) => ({ kind: 'bytes' as const, bytes })),
  },
);

async function fileBytes(content: FileContent): Promise<Uint8Array> {
  if (content.kind === 'bytes') return content.bytes;
  const bytes = await realImage(content.shade, content.format);
  return content.cut === null ? bytes : bytes.subarray(0, Math.min(content.cut, bytes.length - 1));
}

// ---- parts and bodies ------------------------------------------------------------------------

interface Part {
  name: string;
  filename: string | null;
  contentType: string | null;
  /** The file's content, or a text field's value. */
  content: FileContent | string;
}

const fieldName = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('prompt', 'model', 'author', 'negativePrompt', 'seed') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'file',
      'rating',
      '',
      'Prompt',
      '__proto__',
      'constructor',
      'na"me',
      'prompt[]',
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
);
const fieldValue = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.constantFrom('', ' ', '7', '-1', '1e3', '9007199254740993', 'lots', 'null', "' OR 1=1 --", '\u0000'),
  fc.integer({ min: 3990, max: 4010 }).map((n) => 'p'.repeat(n)),
  // Around busboy's 64 KB field limit.
  fc.integer({ min: 64 * 1024 - 2, max: 64 * 1024 + 2 }).map((n) => 'x'.repeat(n)),
);
const filename = fc.oneof(
  fc.constantFrom(
    'a.png',
    'photo.jpg',
    '../../etc/passwd',
    '..\\..\\windows\\win.ini',
    '/absolute/x.png',
    'g/../../x.png',
    '',
    '.hidden',
    'x.png\u0000.exe',
    'ｆｕｌｌ.png',
    '\u202Egnp.exe',
    'a'.repeat(1000),
  ),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);
const partType = fc.option(
  fc.constantFrom(
    'image/png',
    'image/jpeg',
    'application/octet-stream',
    'text/plain',
    'text/html',
    'image/svg+xml',
    ';;',
  ),
);

const filePart: fc.Arbitrary<Part> = fc.record({
  name: fc.oneof({ weight: 5, arbitrary: fc.constant('file') }, { weight: 1, arbitrary: fieldName }),
  filename: fc.option(filename, { freq: 8 }),
  contentType: partType,
  content: fileContent,
});
const textPart: fc.Arbitrary<Part> = fc.record({
  name: fieldName,
  filename: fc.constant(null),
  contentType: fc.option(fc.constantFrom('text/plain; charset=utf-8', 'text/plain; charset=latin1'), {
    freq: 5,
  }),
  content: fieldValue,
});
/** Mostly one file and a few fields; sometimes no file, two files, or more fields than allowed. */
const parts = fc
  .tuple(
    fc.oneof(
      { weight: 6, arbitrary: fc.array(filePart, { minLength: 1, maxLength: 1 }) },
      fc.array(filePart, { maxLength: 2 }),
    ),
    fc.array(textPart, { maxLength: 5 }),
    fc.boolean(),
  )
  .map(([files, fields, fileFirst]) => (fileFirst ? [...files, ...fields] : [...fields, ...files]));
const manyParts = fc.array(textPart, { minLength: 17, maxLength: 20 });

const boundary = fc.oneof(
  { weight: 8, arbitrary: fc.stringMatching(/^[A-Za-z0-9'+_.-]{1,70}$/) },
  // Legal in a boundary (RFC 2046) but only inside quotes in the header; and plainly illegal ones.
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9'()+_,./:=? -]{1,70}$/) },
  { weight: 1, arbitrary: fc.constantFrom('"', '', 'x'.repeat(200), 'é', '--', '\\') },
);

/** How the Content-Type header names (or fails to name) the boundary the body actually uses. */
const contentTypeFor = (actual: string) =>
  fc.oneof(
    { weight: 12, arbitrary: fc.constant(`multipart/form-data; boundary=${actual}`) },
    {
      weight: 4,
      arbitrary: fc.constantFrom(
        `multipart/form-data; boundary="${actual}"`,
        `Multipart/Form-Data; BOUNDARY=${actual}`,
        `multipart/form-data;boundary=${actual};charset=utf-8`,
        `multipart/form-data; boundary=${actual}; boundary=other`,
        `multipart/form-data; boundary=not-${actual}`,
        'multipart/form-data; charset=utf-8',
        'multipart/form-data;',
        'multipart/form-data; boundary=',
        'multipart/form-data; boundary',
        'multipart/form-data',
        `multipart/mixed; boundary=${actual}`,
        'application/x-www-form-urlencoded',
        'text/plain',
        'image/png',
        '',
      ),
    },
    {
      weight: 1,
      arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 40 }).map((s) => `multipart/form-data;${s}`),
    },
    { weight: 1, arbitrary: fc.constant(null) },
  );

/** How the bytes are framed, and how they are broken. */
const framing = fc.record({
  lineBreak: fc.constantFrom('\r\n', '\r\n', '\r\n', '\n'),
  preamble: fc.constantFrom('', '', 'preamble text\r\n'),
  epilogue: fc.constantFrom('', '', '\r\n', 'epilogue'),
  closing: fc.constantFrom('final', 'final', 'final', 'missing', 'plain'),
  duplicateFirst: fc.nat({ max: 5 }).map((n) => n === 0),
  dropDisposition: fc.nat({ max: 20 }),
  /** Fraction of the body kept; 1 most of the time. */
  keep: fc.oneof(
    { weight: 5, arbitrary: fc.constant(1) },
    { weight: 1, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
  ),
  /** Where the stream is split into chunks (fractions of the body); empty: one buffer. */
  splits: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 4 }),
  contentLength: fc.oneof(
    { weight: 5, arbitrary: fc.constant('none' as const) },
    { weight: 2, arbitrary: fc.constant('true' as const) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '0',
        '1',
        '-1',
        'abc',
        '1e9',
        '99999999999999999999',
        ' 10 ',
        '0x10',
        '50000000',
      ),
    },
  ),
});
type Framing = typeof framing extends fc.Arbitrary<infer T> ? T : never;

const quoted = (value: string) =>
  value.replaceAll('"', '%22').replaceAll('\r', '%0D').replaceAll('\n', '%0A');

async function partBytes(
  part: Part,
  index: number,
  dropDisposition: number,
  lineBreak: string,
): Promise<Buffer> {
  const headers: string[] = [];
  if (index !== dropDisposition) {
    headers.push(
      `Content-Disposition: form-data; name="${quoted(part.name)}"` +
        (part.filename === null ? '' : `; filename="${quoted(part.filename)}"`),
    );
  }
  if (part.contentType !== null) headers.push(`Content-Type: ${part.contentType}`);
  const body =
    typeof part.content === 'string'
      ? Buffer.from(part.content, 'utf8')
      : Buffer.from(await fileBytes(part.content));
  return Buffer.concat([Buffer.from(headers.map((h) => h + lineBreak).join('') + lineBreak, 'utf8'), body]);
}

interface UploadSpec {
  boundary: string;
  parts: Part[];
  frame: Framing;
  contentType: string | null;
}

const hostileUpload: fc.Arbitrary<UploadSpec> = fc
  .tuple(boundary, fc.oneof({ weight: 8, arbitrary: parts }, { weight: 1, arbitrary: manyParts }), framing)
  .chain(([actual, list, frame]) =>
    contentTypeFor(actual).map((contentType) => ({
      boundary: actual,
      parts: frame.duplicateFirst && list[0] ? [list[0], ...list] : list,
      frame,
      contentType,
    })),
  );

/**
 * What the studio sends (a real image, valid fields, correct framing) with only the chunking and the
 * Content-Length varied: without it nearly every input is refused somewhere, and the "2xx leaves
 * exactly one row and one object" half of the property would hardly run.
 */
const cleanUpload: fc.Arbitrary<UploadSpec> = fc
  .tuple(
    fc.stringMatching(/^[A-Za-z0-9_-]{8,40}$/),
    fc.record({
      shade: fc.nat({ max: 31 }),
      format: fc.constantFrom('png' as const, 'jpeg' as const, 'webp' as const),
    }),
    filename,
    fc.uniqueArray(
      fc.tuple(
        fc.constantFrom('prompt', 'model', 'author', 'negativePrompt', 'seed'),
        fc.string({ unit: 'grapheme', maxLength: 40 }),
      ),
      { selector: ([name]) => name, maxLength: 5 },
    ),
    framing,
  )
  .map(([actual, image, name, fields, frame]) => ({
    boundary: actual,
    parts: [
      {
        name: 'file',
        filename: name,
        contentType: `image/${image.format}`,
        content: { kind: 'image' as const, ...image, cut: null },
      },
      ...fields.map(([field, value]) => ({
        name: field,
        filename: null,
        contentType: null,
        content: field === 'seed' ? String(value.length * 1000) : value,
      })),
    ],
    frame: {
      ...frame,
      lineBreak: '\r\n',
      closing: 'final' as const,
      duplicateFirst: false,
      dropDisposition: 99,
      keep: 1,
    },
    contentType: `multipart/form-data; boundary=${actual}`,
  }));

const upload = fc.oneof({ weight: 3, arbitrary: hostileUpload }, { weight: 1, arbitrary: cleanUpload });

/** The request as it goes out: the bytes, how they are chunked, and a one-line description. */
interface Upload {
  contentType: string | null;
  contentLength: Framing['contentLength'];
  body: Buffer;
  splits: number[];
  label: string;
}

async function built(spec: UploadSpec): Promise<Upload> {
  const { frame, boundary: actual } = spec;
  const eol = frame.lineBreak;
  const pieces: Buffer[] = [Buffer.from(frame.preamble)];
  for (const [index, part] of spec.parts.entries()) {
    pieces.push(Buffer.from(`${index === 0 && frame.preamble === '' ? '' : eol}--${actual}${eol}`));
    pieces.push(await partBytes(part, index, frame.dropDisposition, eol));
  }
  if (frame.closing === 'final') pieces.push(Buffer.from(`${eol}--${actual}--${frame.epilogue}`));
  if (frame.closing === 'plain') pieces.push(Buffer.from(`${eol}--${actual}${eol}`));
  const whole = Buffer.concat(pieces);
  const body = whole.subarray(0, Math.floor(whole.length * frame.keep));
  const shape = spec.parts.map(
    (p) => `${p.name}${p.filename === null ? '' : `(${p.filename.slice(0, 20)})`}`,
  );
  return {
    contentType: spec.contentType,
    contentLength: frame.contentLength,
    body,
    splits: frame.splits,
    label:
      `Content-Type ${JSON.stringify(spec.contentType?.slice(0, 80))}, ${body.length} of ${whole.length} bytes, ` +
      `closing ${frame.closing}, ${frame.splits.length + 1} chunks, parts [${shape.join(',').slice(0, 200)}]`,
  };
}

// ---- the request -----------------------------------------------------------------------------

function bodyStream(body: Buffer, splits: number[]): ReadableStream<Uint8Array> {
  const cuts = [...new Set(splits.map((s) => Math.floor(s * body.length)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const cut of [...cuts, body.length]) {
    if (cut > from) chunks.push(new Uint8Array(body.subarray(from, cut)));
    from = Math.max(from, cut);
  }
  return new ReadableStream({
    pull(controller) {
      const next = chunks.shift();
      if (next) controller.enqueue(next);
      else controller.close();
    },
  });
}

async function send(u: Upload): Promise<Response> {
  const headers = new Headers({ host: new URL(origin).host, origin, cookie });
  if (u.contentType !== null) headers.set('content-type', u.contentType);
  if (u.contentLength === 'true') headers.set('content-length', String(u.body.length));
  else if (u.contentLength !== 'none') headers.set('content-length', u.contentLength);
  const request =
    u.splits.length === 0
      ? new Request(`${origin}/api/generations`, { method: 'POST', headers, body: new Uint8Array(u.body) })
      : // A streamed body needs `duplex` (Node's fetch), which the DOM typings do not know yet.
        new Request(`${origin}/api/generations`, {
          method: 'POST',
          headers,
          body: bodyStream(u.body, u.splits),
          duplex: 'half',
        } as RequestInit);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`hang: no answer within ${HANG_MS} ms for ${u.label}`)),
      HANG_MS,
    );
  });
  return Promise.race([POST(request), hang]).finally(() => clearTimeout(timer));
}

interface Snapshot {
  rows: number;
  privateKeys: string[];
  publicKeys: string[];
}

async function keys(store: TestAppServices['stores']['public']): Promise<string[]> {
  const found: string[] = [];
  for await (const object of store.list('')) found.push(object.key);
  return found.sort();
}

async function snapshot(): Promise<Snapshot> {
  const [row] = await services.handle.db.select({ n: count() }).from(generations);
  return {
    rows: row?.n ?? -1,
    privateKeys: await keys(services.stores.private),
    publicKeys: await keys(services.stores.public),
  };
}

/** Framing as the studio sends it: CRLF, a closing boundary, one buffer, nothing cut. */
const plainFrame: Framing = {
  lineBreak: '\r\n',
  preamble: '',
  epilogue: '',
  closing: 'final',
  duplicateFirst: false,
  dropDisposition: 99,
  keep: 1,
  splits: [],
  contentLength: 'none',
};

/** The smallest inputs of each kind of failure found so far, run first on every run. */
const minimalExamples: [UploadSpec][] = [
  // A multipart Content-Type without a boundary parameter.
  [{ boundary: 'b', parts: [], frame: plainFrame, contentType: 'multipart/form-data; charset=utf-8' }],
  // A boundary with a character that is legal only inside quotes.
  [{ boundary: 'a:b', parts: [], frame: plainFrame, contentType: 'multipart/form-data; boundary=a:b' }],
];

/** What is wrong with an answer and the state it left, or null when it keeps the contract. */
async function problemWith(response: Response, before: Snapshot, after: Snapshot): Promise<string | null> {
  const { status } = response;
  const text = await response.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return `${status} with a body that is not JSON: ${text.slice(0, 100)}`;
  }
  if (response.headers.get('cache-control') !== 'no-store') return `${status} without no-store`;
  if (after.publicKeys.join() !== before.publicKeys.join()) return `${status} changed the public store`;
  if (status === 201 || status === 200) {
    const draft =
      typeof body.id === 'string' &&
      typeof body.src === 'string' &&
      /^g\/[0-9a-f]{64}\.(png|jpg|webp|avif)$/.test(body.src) &&
      (status === 200 || body.status === 'draft');
    if (!draft) return `${status} with body ${text.slice(0, 200)}`;
    const added = status === 201 ? 1 : 0;
    if (after.rows !== before.rows + added) return `${status} but rows went ${before.rows} → ${after.rows}`;
    const newKeys = after.privateKeys.filter((key) => !before.privateKeys.includes(key));
    if (after.privateKeys.length !== before.privateKeys.length + added || newKeys.length !== added) {
      return `${status} but private objects went ${before.privateKeys.length} → ${after.privateKeys.length}`;
    }
    // Content-addressed, whatever the filename said (../../etc/passwd included).
    if (newKeys.some((key) => key !== privateOriginalKeyOf(body.src as string))) {
      return `${status} stored ${newKeys.join()} for ${body.src}`;
    }
    return null;
  }
  if (status < 400 || status >= 500) return `${status}: ${text.slice(0, 200)}`;
  const error = body.error as { code?: string; message?: unknown } | undefined;
  const contract =
    Object.keys(body).join() === 'error' &&
    error !== undefined &&
    Object.keys(error).sort().join() === 'code,message' &&
    typeof error.message === 'string' &&
    error.message.length > 0 &&
    typeof error.code === 'string' &&
    (errorStatusByCode as Record<string, number>)[error.code] === status;
  if (!contract) return `${status} outside the error contract: ${text.slice(0, 200)}`;
  if (after.rows !== before.rows) return `${status} but rows went ${before.rows} → ${after.rows}`;
  if (after.privateKeys.join() !== before.privateKeys.join())
    return `${status} but left private objects behind`;
  return null;
}

it(`answers ${NUM_RUNS} hostile multipart uploads with a 2xx or a clean 4xx, leaving nothing behind`, async () => {
  let inputs = 0;
  const statuses = new Map<number, number>();
  const violations: { input: string; detail: string }[] = [];
  // The route logs every 500 with its stack; the count and counterexamples below say it shorter.
  const errorLog = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const run = fc.assert(
    fc.asyncProperty(upload, async (generated) => {
      inputs++;
      const u = await built(generated);
      const before = await snapshot();
      // A hang throws: the run stops there, with this input as the counterexample.
      const response = await send(u);
      const after = await snapshot();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      const problem = await problemWith(response, before, after);
      if (problem) violations.push({ input: u.label, detail: problem });
    }),
    { seed: 42, numRuns: NUM_RUNS, examples: minimalExamples },
  );
  await run.finally(() => errorLog.mockRestore());
  console.log(
    `fuzz multipart: ${inputs} uploads, ${violations.length} contract violations ` +
      `(statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))})`,
  );
  expect(inputs).toBe(NUM_RUNS);
  // The grammar must get real uploads through as well as refused, or half the property is idle.
  expect(statuses.get(201) ?? 0).toBeGreaterThan(5);
  const shortest = [...violations].sort((a, b) => a.input.length - b.input.length).slice(0, 4);
  expect(
    violations.length,
    `${violations.length} violations, e.g. ${shortest.map((v) => `[${v.input}] → ${v.detail}`).join(' || ')}`,
  ).toBe(0);
}, 240_000);
