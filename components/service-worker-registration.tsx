'use client';

import { useEffect } from 'react';

/**
 * Registers the cache-first service worker for `/i/` (public/sw.js), told which asset host's `/i/`
 * to cache besides this origin's, in production builds only:
 * in development it would serve stale transforms while the code changes. Then asks it to read the
 * list of takedowns.
 */
export function ServiceWorkerRegistration({ assetOrigin }: { assetOrigin: string }) {
  useEffect(() => {
    if (process.env.NODE_ENV !== 'production' || !('serviceWorker' in navigator)) return;
    const script = assetOrigin ? `/sw.js?assets=${encodeURIComponent(assetOrigin)}` : '/sw.js';
    navigator.serviceWorker.register(script, { scope: '/' }).catch(() => {
      // Without it the HTTP cache (immutable, one year) still avoids refetches.
    });
    // Each page the visitor opens has the worker drop what was taken down lately (public/sw.js).
    navigator.serviceWorker.ready.then((registration) =>
      registration.active?.postMessage({ type: 'revocations' }),
    );
  }, [assetOrigin]);
  return null;
}
