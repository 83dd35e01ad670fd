// Cache-first for /i/ variants. Their URLs are immutable (content-hash path + fixed transform), so
// a cached response is valid forever; the HTTP cache alone can be evicted under memory pressure.
// Never caches errors, API responses or anything but GET /i/ from this origin.
const CACHE = 'vitrine-images-v1';
const MAX_ENTRIES = 400;

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

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request, { ignoreVary: true });
  if (hit) return hit;
  const response = await fetch(request);
  if (response.status === 200 && response.type === 'basic') {
    await cache.put(request, response.clone());
    trim(cache);
  }
  return response;
}

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (
    event.request.method !== 'GET' ||
    url.origin !== self.location.origin ||
    !url.pathname.startsWith('/i/')
  ) {
    return;
  }
  event.respondWith(cacheFirst(event.request));
});
