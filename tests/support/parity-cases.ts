import type { OutputFormat } from '../../lib/images/ladder';

/**
 * One table, run against both runtimes: the Worker (workers/image-guard/test, in workerd) and the
 * Node route (app/i/[...path]/route.ts). Pure data, no test framework.
 *
 * Stored display variants (`v/…`, docs/image-delivery.md): a case with `stored` has the runner put an
 * object at `expected.storedKey` first (Node: in the public store, real image bytes of that variant
 * made differently from what the transform would make, so the answer shows where it came from; the
 * Worker: its faked bucket answers that key as `stored` says). Every other stored key is absent, so
 * emitted cases without `stored` exercise the fallback from a stored miss to the transform.
 *
 * Fixtures the Node runner must provide (the Worker test fakes its origin instead):
 * - `g/parity-photo.jpg`: a JPEG at least 2400×1600, no alpha, so no rung is clamped by "never
 *   enlarge" and no ratio crop is limited by the source;
 * - `g/parity-alpha.png`: a PNG at least 2000×2000 with real transparency;
 * - `g/parity-missing.jpg`: must NOT exist.
 */

export const parityPhoto = 'g/parity-photo.jpg';
export const parityAlpha = 'g/parity-alpha.png';
export const parityMissing = 'g/parity-missing.jpg';

/** The hosts the runner configures as its own (Worker: ALLOWED_HOSTS). */
export const parityAllowedHosts = ['vitrine.example', 'localhost'] as const;

export const acceptHeaders = {
  /** Chromium/Firefox today. */
  modern: 'image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8',
  /** Safari 14-15 era: WebP but no AVIF. */
  webpOnly: 'image/webp,image/png,image/svg+xml,image/*;q=0.8,video/*;q=0.8,*/*;q=0.5',
  /** Neither AVIF nor WebP named; wildcards do not count. */
  legacy: 'image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5',
  avifRefused: 'image/avif;q=0,image/webp,*/*;q=0.8',
} as const;

export interface ParityExpectedTransform {
  width: number;
  /** Present only when a ratio was requested. */
  height?: number;
  quality: number;
  format: OutputFormat;
  /** What the Worker asks cf.image for when it differs from `format` (no AVIF above 1,200 px). */
  edgeFormat?: OutputFormat;
}

export interface ParityCase {
  name: string;
  method?: string;
  /** Path and optional query, relative to the asset host. */
  url: string;
  accept: string | null;
  referer?: string;
  userAgent?: string;
  /** How the faked origin answers (Worker runner only); default 200 with the requested format. */
  origin?: { status?: number; contentType?: string; headers?: Record<string, string> };
  /**
   * The stored display variant at `expected.storedKey` exists: how the bucket answers it (default 200
   * with the negotiated format's type, `expected.transform.format`). The Node runner provides only 200s.
   */
  stored?: { status?: number; contentType?: string };
  /** Runtimes the case applies to; default both. Edge-only cases depend on Cloudflare or the guard. */
  runtimes?: readonly ('worker' | 'node')[];
  expected: {
    status: number;
    /**
     * The variant the runtime must serve (Node: what the variant service is asked for; Worker: the
     * cf.image options when it transforms, none when the stored object answers). Null when the
     * request is answered before any origin or object read. For a missing object the Node runner
     * cannot observe it and should skip the check.
     */
    transform: ParityExpectedTransform | null;
    /** The stored display variant read before any transform; absent when the transform is not emitted. */
    storedKey?: string;
    /** What the Worker answers instead of `headers` when they differ (its cf.image path above 1,200 px). */
    edgeHeaders?: Record<string, string>;
    /** Header subset, names in canonical case; compared case-insensitively by name, exactly by value. */
    headers: Record<string, string>;
    /** True when the response must have no body (HEAD). */
    emptyBody?: boolean;
  };
}

const immutable = 'public, max-age=31536000, immutable';
const ok = (contentType: string) => ({
  'Content-Type': contentType,
  'Cache-Control': immutable,
  Vary: 'Accept',
  'X-Content-Type-Options': 'nosniff',
  'Access-Control-Allow-Origin': '*',
  'Timing-Allow-Origin': '*',
});
const notFound = {
  'Cache-Control': 'public, max-age=60',
  'X-Content-Type-Options': 'nosniff',
  'Access-Control-Allow-Origin': '*',
  'Timing-Allow-Origin': '*',
};
const noStore = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Access-Control-Allow-Origin': '*',
  'Timing-Allow-Origin': '*',
};

const avif = ok('image/avif');
const webp = ok('image/webp');

/** `v/<storagePath>/w-<width>,q-75.<format>`: where the display set stores an emitted variant. */
function storedAt(storagePath: string, width: number, format: OutputFormat): string {
  return `v/${storagePath}/w-${width},q-75.${format}`;
}

/** Above 1,200 px the Worker's cf.image path asks for WebP, so it answers WebP where Node sends AVIF. */
function aboveEdgeAvifLimit(width: number, height?: number): Partial<ParityCase['expected']> {
  return Math.max(width, height ?? 0) > 1200 ? { edgeHeaders: webp } : {};
}

function photo(transforms: string, width: number, quality = 75, extra: Partial<ParityCase> = {}): ParityCase {
  return {
    name: `${transforms || '(empty)'} → w${width} q${quality}`,
    url: `/i/${transforms}/${parityPhoto}`,
    accept: acceptHeaders.modern,
    expected: {
      status: 200,
      transform: { width, quality, format: 'avif', ...(width > 1200 ? { edgeFormat: 'webp' as const } : {}) },
      headers: avif,
      ...(quality === 75 ? { storedKey: storedAt(parityPhoto, width, 'avif') } : {}),
      ...aboveEdgeAvifLimit(width),
    },
    ...extra,
  };
}

function rejected(name: string, url: string): ParityCase {
  return {
    name,
    url,
    accept: acceptHeaders.modern,
    expected: { status: 404, transform: null, headers: notFound },
  };
}

export const parityCases: readonly ParityCase[] = [
  // Width ladder: nearest rung, ties up, invalid → 1920.
  photo('w-640', 640),
  photo('w-320', 320),
  photo('w-1920', 1920),
  photo('w-999', 960),
  photo('w-50', 320),
  photo('w-1', 320),
  photo('w-480', 640),
  photo('w-800', 960),
  photo('w-1120', 1280),
  photo('w-1600', 1920),
  photo('w-5000', 1920),
  photo('w-100000', 1920),
  photo('w-0640', 640),
  photo('q-80', 1920, 80),
  photo('', 1920),
  photo('w-abc', 1920),
  photo('w-0', 1920),
  photo('w--5', 1920),
  photo('w-1e3', 1920),
  photo('w-640.5', 1920),
  photo('w-100001', 1920),
  photo('w-', 1920),
  // Quality: clamp 1..85, snap to 50/60/75/80/85, the 55 tie up.
  photo('w-640,q-80', 640, 80),
  photo('w-640,q-100', 640, 85),
  photo('w-640,q-0', 640, 50),
  photo('w-640,q-1', 640, 50),
  photo('w-640,q-55', 640, 60),
  photo('w-640,q-54', 640, 50),
  photo('w-640,q-70', 640, 75),
  photo('w-640,q-77', 640, 75),
  photo('w-640,q-78', 640, 80),
  photo('w-640,q-abc', 640, 75),
  photo('w-640,q-80.5', 640, 75),
  // Unknown keys, order, duplicates (last valid wins), encoding of the separator.
  photo('w-640,x-1,blur-20,W-1280', 640),
  photo('q-80,w-640', 640, 80),
  photo('w-320,w-1280', 1280),
  photo('w-1280,w-abc', 1280),
  photo('q-60,q-85,q-zz', 1920, 85),
  photo('w-640%2Cq-80', 640, 80),
  // Query string ignored.
  {
    ...photo('w-640', 640),
    name: 'query string ignored',
    url: `/i/w-640/${parityPhoto}?w=1920&q=100&format=png`,
  },
  // Height → ratio snapped in log space; output height = round(w × ratio).
  {
    name: 'w-640,h-400 → 16:10, 640×400',
    url: `/i/w-640,h-400/${parityPhoto}`,
    accept: acceptHeaders.modern,
    expected: {
      status: 200,
      transform: { width: 640, height: 400, quality: 75, format: 'avif' },
      headers: avif,
    },
  },
  {
    name: 'w-500,h-500 → 1:1 at the snapped width, 640×640',
    url: `/i/w-500,h-500/${parityPhoto}`,
    accept: acceptHeaders.modern,
    expected: {
      status: 200,
      transform: { width: 640, height: 640, quality: 75, format: 'avif' },
      headers: avif,
    },
  },
  {
    name: 'w-1000,h-1500 → 2:3, 960×1440',
    url: `/i/w-1000,h-1500/${parityPhoto}`,
    accept: acceptHeaders.modern,
    expected: {
      status: 200,
      transform: { width: 960, height: 1440, quality: 75, format: 'avif', edgeFormat: 'webp' },
      headers: avif,
      ...aboveEdgeAvifLimit(960, 1440),
    },
  },
  {
    name: 'h-1080 alone → ratio against the default width, 1920×1080',
    url: `/i/h-1080/${parityPhoto}`,
    accept: acceptHeaders.modern,
    expected: {
      status: 200,
      transform: { width: 1920, height: 1080, quality: 75, format: 'avif', edgeFormat: 'webp' },
      headers: avif,
      ...aboveEdgeAvifLimit(1920, 1080),
    },
  },
  {
    name: 'w-320,h-5000 → beyond 9:16 clamps to it, 320×569',
    url: `/i/w-320,h-5000/${parityPhoto}`,
    accept: acceptHeaders.modern,
    expected: {
      status: 200,
      transform: { width: 320, height: 569, quality: 75, format: 'avif' },
      headers: avif,
    },
  },
  {
    name: 'w-640,h-abc → invalid height ignored',
    url: `/i/w-640,h-abc/${parityPhoto}`,
    accept: acceptHeaders.modern,
    expected: {
      status: 200,
      transform: { width: 640, quality: 75, format: 'avif' },
      headers: avif,
      storedKey: storedAt(parityPhoto, 640, 'avif'),
    },
  },
  // Format negotiation. (Not emitted, q-80: transformed on request, the store is never asked.)
  {
    name: 'WebP-only browser',
    url: `/i/w-640,q-80/${parityPhoto}`,
    accept: acceptHeaders.webpOnly,
    expected: { status: 200, transform: { width: 640, quality: 80, format: 'webp' }, headers: webp },
  },
  {
    name: 'legacy Accept → JPEG',
    url: `/i/w-640/${parityPhoto}`,
    accept: acceptHeaders.legacy,
    expected: {
      status: 200,
      transform: { width: 640, quality: 75, format: 'jpeg' },
      headers: ok('image/jpeg'),
      storedKey: storedAt(parityPhoto, 640, 'jpeg'),
    },
  },
  {
    name: 'no Accept → JPEG',
    url: `/i/w-640/${parityPhoto}`,
    accept: null,
    expected: {
      status: 200,
      transform: { width: 640, quality: 75, format: 'jpeg' },
      headers: ok('image/jpeg'),
      storedKey: storedAt(parityPhoto, 640, 'jpeg'),
    },
  },
  {
    name: 'image/avif;q=0 → WebP',
    url: `/i/w-640/${parityPhoto}`,
    accept: acceptHeaders.avifRefused,
    expected: {
      status: 200,
      transform: { width: 640, quality: 75, format: 'webp' },
      headers: webp,
      storedKey: storedAt(parityPhoto, 640, 'webp'),
    },
  },
  {
    name: 'alpha source, legacy Accept → PNG',
    url: `/i/w-640/${parityAlpha}`,
    accept: acceptHeaders.legacy,
    expected: {
      status: 200,
      transform: { width: 640, quality: 75, format: 'png' },
      headers: ok('image/png'),
      storedKey: storedAt(parityAlpha, 640, 'png'),
    },
  },
  {
    name: 'alpha source, modern Accept → AVIF',
    url: `/i/w-640/${parityAlpha}`,
    accept: acceptHeaders.modern,
    expected: {
      status: 200,
      transform: { width: 640, quality: 75, format: 'avif' },
      headers: avif,
      storedKey: storedAt(parityAlpha, 640, 'avif'),
    },
  },
  {
    name: 'AVIF requested, edge returned WebP (a portrait past the AVIF limit) → Content-Type from the bytes',
    url: `/i/w-960,q-80/${parityPhoto}`,
    accept: acceptHeaders.modern,
    origin: { contentType: 'image/webp' },
    runtimes: ['worker'],
    expected: { status: 200, transform: { width: 960, quality: 80, format: 'avif' }, headers: webp },
  },
  // Stored display variants: an emitted variant is read from the store before any transform.
  {
    name: 'stored display variant, AVIF → served from the store, nothing transformed',
    url: `/i/w-640/${parityPhoto}`,
    accept: acceptHeaders.modern,
    stored: {},
    expected: {
      status: 200,
      transform: { width: 640, quality: 75, format: 'avif' },
      headers: avif,
      storedKey: storedAt(parityPhoto, 640, 'avif'),
    },
  },
  {
    name: 'stored display variant above 1,200 px stays AVIF at the edge too',
    url: `/i/w-1920/${parityPhoto}`,
    accept: acceptHeaders.modern,
    stored: {},
    expected: {
      status: 200,
      transform: { width: 1920, quality: 75, format: 'avif', edgeFormat: 'webp' },
      headers: avif,
      storedKey: storedAt(parityPhoto, 1920, 'avif'),
    },
  },
  {
    name: 'stored display variant, WebP-only browser',
    url: `/i/w-1280/${parityPhoto}`,
    accept: acceptHeaders.webpOnly,
    stored: {},
    expected: {
      status: 200,
      transform: { width: 1280, quality: 75, format: 'webp' },
      headers: webp,
      storedKey: storedAt(parityPhoto, 1280, 'webp'),
    },
  },
  {
    name: 'stored display variant, alpha source, legacy Accept → PNG',
    url: `/i/w-320/${parityAlpha}`,
    accept: acceptHeaders.legacy,
    stored: {},
    expected: {
      status: 200,
      transform: { width: 320, quality: 75, format: 'png' },
      headers: ok('image/png'),
      storedKey: storedAt(parityAlpha, 320, 'png'),
    },
  },
  {
    name: 'stored display variant, HEAD → headers, no body',
    method: 'HEAD',
    url: `/i/w-960/${parityPhoto}`,
    accept: acceptHeaders.modern,
    stored: {},
    expected: {
      status: 200,
      transform: { width: 960, quality: 75, format: 'avif' },
      headers: avif,
      storedKey: storedAt(parityPhoto, 960, 'avif'),
      emptyBody: true,
    },
  },
  {
    name: 'stored object of another format → 502 no-store, not transformed instead',
    url: `/i/w-640/${parityPhoto}`,
    accept: acceptHeaders.modern,
    stored: { contentType: 'image/webp' },
    runtimes: ['worker'],
    expected: {
      status: 502,
      transform: { width: 640, quality: 75, format: 'avif' },
      headers: noStore,
      storedKey: storedAt(parityPhoto, 640, 'avif'),
    },
  },
  {
    name: 'bucket error on the stored key → 502 no-store',
    url: `/i/w-640/${parityPhoto}`,
    accept: acceptHeaders.modern,
    stored: { status: 503, contentType: 'text/plain' },
    runtimes: ['worker'],
    expected: {
      status: 502,
      transform: { width: 640, quality: 75, format: 'avif' },
      headers: noStore,
      storedKey: storedAt(parityPhoto, 640, 'avif'),
    },
  },
  // Methods.
  {
    name: 'HEAD → headers, no body',
    method: 'HEAD',
    url: `/i/w-640/${parityPhoto}`,
    accept: acceptHeaders.modern,
    expected: {
      status: 200,
      transform: { width: 640, quality: 75, format: 'avif' },
      headers: avif,
      storedKey: storedAt(parityPhoto, 640, 'avif'),
      emptyBody: true,
    },
  },
  {
    name: 'POST → 405',
    method: 'POST',
    url: `/i/w-640/${parityPhoto}`,
    accept: acceptHeaders.modern,
    expected: { status: 405, transform: null, headers: { ...noStore, Allow: 'GET, HEAD' } },
  },
  // Storage paths that must never reach the origin.
  rejected('not published (drafts/)', '/i/w-640/drafts/abc.jpg'),
  // Dot segments are resolved the way every URL parser resolves them (WHATWG: `%2e` is a dot and `\`
  // a slash in http URLs), before the guard sees the path; what they resolve to is then judged.
  {
    ...photo('w-640', 640),
    name: 'encoded dot segment resolving inside g/',
    url: `/i/w-640/g/x/%2e%2e/${parityPhoto.slice(2)}`,
  },
  {
    ...photo('w-640', 640),
    name: 'upper-case encoded dot segment',
    url: `/i/w-640/g/x/%2E%2E/${parityPhoto.slice(2)}`,
  },
  {
    ...photo('w-640', 640),
    name: 'half-encoded dot segment',
    url: `/i/w-640/g/x/.%2e/${parityPhoto.slice(2)}`,
  },
  { ...photo('w-640', 640), name: 'single dot segment', url: `/i/w-640/g/./${parityPhoto.slice(2)}` },
  { ...photo('w-640', 640), name: 'backslash as a separator', url: `/i/w-640/g\\${parityPhoto.slice(2)}` },
  rejected('encoded dot segment leaving g/', `/i/w-640/g/%2e%2e/${parityPhoto.slice(2)}`),
  rejected('backslash traversal out of g/', '/i/w-640/g\\..\\drafts\\abc.jpg'),
  rejected('traversal out of g/', '/i/w-640/g/../drafts/abc.jpg'),
  rejected('encoded dot segment', '/i/w-640/g/%2e%2e/drafts/abc.jpg'),
  rejected('encoded slash', '/i/w-640/g/..%2fdrafts%2fabc.jpg'),
  rejected('encoded backslash', '/i/w-640/g/..%5cdrafts%5cabc.jpg'),
  rejected('double-encoded traversal', '/i/w-640/g/%252e%252e/drafts/abc.jpg'),
  rejected('overlong UTF-8 dots', '/i/w-640/g/%c0%ae%c0%ae/drafts/abc.jpg'),
  rejected('encoded NUL', '/i/w-640/g/abc.jpg%00.png'),
  rejected('empty segment', '/i/w-640/g//abc.jpg'),
  rejected('dot-file segment', '/i/w-640/g/.env'),
  rejected('no storage path', '/i/w-640'),
  rejected('only the namespace', '/i/w-640/g/'),
  rejected('namespace is case-sensitive', '/i/w-640/G/abc.jpg'),
  rejected('storage path too long', `/i/w-640/g/${'a'.repeat(511)}`),
  rejected('transform segment too long', `/i/${'w-640,'.repeat(50)}/${parityPhoto}`),
  {
    name: 'published path, object missing → 404 (short cache)',
    url: `/i/w-640/${parityMissing}`,
    accept: acceptHeaders.modern,
    origin: { status: 404, contentType: 'text/plain' },
    expected: {
      status: 404,
      transform: { width: 640, quality: 75, format: 'avif' },
      headers: notFound,
      storedKey: storedAt(parityMissing, 640, 'avif'),
    },
  },
  // Origin and transform failures: never cached.
  {
    name: 'origin 5xx → 502 no-store',
    url: `/i/w-640/${parityPhoto}`,
    accept: acceptHeaders.modern,
    origin: { status: 503, contentType: 'text/plain' },
    runtimes: ['worker'],
    expected: {
      status: 502,
      transform: { width: 640, quality: 75, format: 'avif' },
      headers: noStore,
      storedKey: storedAt(parityPhoto, 640, 'avif'),
    },
  },
  {
    name: 'edge could not resize (Cf-Resized: err=…) → 502 no-store',
    url: `/i/w-640/${parityPhoto}`,
    accept: acceptHeaders.modern,
    origin: { contentType: 'image/jpeg', headers: { 'Cf-Resized': 'err=9401' } },
    runtimes: ['worker'],
    expected: {
      status: 502,
      transform: { width: 640, quality: 75, format: 'avif' },
      headers: noStore,
      storedKey: storedAt(parityPhoto, 640, 'avif'),
    },
  },
  {
    name: 'origin answers with something that is not an image → 502 no-store',
    url: `/i/w-640/${parityPhoto}`,
    accept: acceptHeaders.modern,
    origin: { contentType: 'text/html; charset=utf-8' },
    runtimes: ['worker'],
    expected: {
      status: 502,
      transform: { width: 640, quality: 75, format: 'avif' },
      headers: noStore,
      storedKey: storedAt(parityPhoto, 640, 'avif'),
    },
  },
  // Hotlink protection (the Worker's; the Node route may adopt isHotlinkAllowed and drop `runtimes`).
  {
    name: 'own host as Referer',
    url: `/i/w-640/${parityPhoto}`,
    accept: acceptHeaders.modern,
    referer: 'https://vitrine.example/feed',
    expected: {
      status: 200,
      transform: { width: 640, quality: 75, format: 'avif' },
      headers: avif,
      storedKey: storedAt(parityPhoto, 640, 'avif'),
    },
  },
  {
    name: 'subdomain of an own host as Referer',
    url: `/i/w-640/${parityPhoto}`,
    accept: acceptHeaders.modern,
    referer: 'https://www.vitrine.example/g/123',
    expected: {
      status: 200,
      transform: { width: 640, quality: 75, format: 'avif' },
      headers: avif,
      storedKey: storedAt(parityPhoto, 640, 'avif'),
    },
  },
  {
    name: 'foreign Referer → 403, not stored',
    url: `/i/w-640/${parityPhoto}`,
    accept: acceptHeaders.modern,
    referer: 'https://hotlinker.example.net/gallery',
    runtimes: ['worker'],
    expected: { status: 403, transform: null, headers: noStore },
  },
  {
    name: 'look-alike host → 403',
    url: `/i/w-640/${parityPhoto}`,
    accept: acceptHeaders.modern,
    referer: 'https://evilvitrine.example/',
    runtimes: ['worker'],
    expected: { status: 403, transform: null, headers: noStore },
  },
  {
    name: 'link-preview crawler with a foreign Referer',
    url: `/i/w-1280/${parityPhoto}`,
    accept: '*/*',
    referer: 'https://chat.example.org/channel',
    userAgent: 'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)',
    expected: {
      status: 200,
      transform: { width: 1280, quality: 75, format: 'jpeg' },
      headers: ok('image/jpeg'),
      storedKey: storedAt(parityPhoto, 1280, 'jpeg'),
    },
  },
];
