// Cache-first for /i/ variants, from this origin and from the asset host (ASSET_BASE_URL, passed as
// ?assets= when registering). Their URLs are immutable (content-hash path + fixed transform), so a
// cached response stays right; the HTTP cache alone can be evicted under memory pressure. Entries
// expire after a week (an unpublished image does not live on in visitors' caches), only 200s are
// kept, and only from responses whose status the worker can see: same-origin, or CORS (the feed's
// images carry `crossorigin`, and /i/ answers with Access-Control-Allow-Origin). Never API
// responses, never errors.
const CACHE = 'vitrine-images-v2';
const MAX_ENTRIES = 400;
const MAX_AGE_MS = 7 * 24 * 3600 * 1000;
const STORED_AT = 'x-vitrine-stored-at';
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
  event.respondWith(cacheFirst(event.request));
});
