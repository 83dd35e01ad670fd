// Cache-first for /i/ variants, from this origin and from the asset host (ASSET_BASE_URL, passed as
// ?assets= when registering). Their URLs are immutable (content-hash path + fixed transform), so a
// cached response stays right; the HTTP cache alone can be evicted under memory pressure. Entries
// expire after a week, only 200s are kept, and only from responses whose status the worker can see:
// same-origin, or CORS (the feed's images carry `crossorigin`, and /i/ answers with
// Access-Control-Allow-Origin). Never API responses, never errors.
//
// Takedowns: every page the visitor opens asks the worker to read /api/revocations (the sources taken
// down lately; cached 30 s by the HTTP cache and any CDN). The worker drops their entries, and from
// then on fetches such a source past every cache (the HTTP cache holds it as immutable too), so the
// server's 404 is what the page gets. A list older than 5 minutes is read again, in the background,
// at the next /i/ request, so a long-open page converges too; no image waits for the list (the
// first screen's images are the page's largest paint; docs/moderation.md).
const CACHE = 'vitrine-images-v2';
const MAX_ENTRIES = 400;
const MAX_AGE_MS = 7 * 24 * 3600 * 1000;
const STORED_AT = 'x-vitrine-stored-at';
const REVOCATIONS = '/api/revocations';
const REVOCATIONS_STALE_MS = 5 * 60 * 1000;
// Never longer than this on the list: a slow network leaves the entries for the next page.
const REVOCATIONS_TIMEOUT_MS = 2000;
/** Source paths (`g/<sha256>.<ext>`) taken down, as last read; when that was last tried. */
let revoked = new Set();
let revokedReadAt = 0;
let reading = null;
const origins = new Set([self.location.origin]);
const assets = new URL(self.location.href).searchParams.get('assets');
if (assets) {
  try {
    origins.add(new URL(assets).origin);
  } catch {
    // Not a URL: this origin only.
  }
}

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

/** The storage path an /i/ URL names: everything after its transform segment. */
function sourceOf(url) {
  return url.pathname.split('/').slice(3).join('/');
}

/** Reads the list (through the HTTP cache: at most 30 s old) and drops every entry it names. */
function readRevocations() {
  reading ??= (async () => {
    // Tried, whatever the outcome: a failing list is not asked again at every image.
    revokedReadAt = Date.now();
    try {
      const response = await fetch(REVOCATIONS, { signal: AbortSignal.timeout(REVOCATIONS_TIMEOUT_MS) });
      if (!response.ok) return;
      const { sources } = await response.json();
      revoked = new Set(sources);
      const cache = await caches.open(CACHE);
      for (const request of await cache.keys()) {
        if (revoked.has(sourceOf(new URL(request.url)))) await cache.delete(request);
      }
    } catch {
      // Offline or slow: the entries stay until the next page asks (and expire within a week).
    } finally {
      reading = null;
    }
  })();
  return reading;
}

self.addEventListener('message', (event) => {
  if (event.data?.type === 'revocations') event.waitUntil(readRevocations());
});

async function trim(cache) {
  const keys = await cache.keys();
  // keys() lists in insertion order: the oldest entries go first.
  for (let i = 0; i < keys.length - MAX_ENTRIES; i++) await cache.delete(keys[i]);
}

async function store(cache, request, response) {
  const headers = new Headers(response.headers);
  headers.set(STORED_AT, String(Date.now()));
  const body = await response.blob();
  await cache.put(request, new Response(body, { status: 200, statusText: 'OK', headers }));
  await trim(cache);
}

async function cacheFirst(request) {
  if (revoked.has(sourceOf(new URL(request.url)))) return fetch(request, { cache: 'no-store' });
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request, { ignoreVary: true });
  if (hit && Date.now() - Number(hit.headers.get(STORED_AT) ?? 0) < MAX_AGE_MS) return hit;
  if (hit) await cache.delete(request, { ignoreVary: true });
  const response = await fetch(request);
  if (response.status === 200 && (response.type === 'basic' || response.type === 'cors')) {
    await store(cache, request, response.clone());
  }
  return response;
}

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || !origins.has(url.origin) || !url.pathname.startsWith('/i/')) return;
  if (Date.now() - revokedReadAt > REVOCATIONS_STALE_MS) event.waitUntil(readRevocations());
  event.respondWith(cacheFirst(event.request));
});
