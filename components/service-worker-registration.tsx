'use client';

import { useEffect } from 'react';

/**
 * Registers the cache-first service worker for `/i/` (public/sw.js) in production builds only:
 * in development it would serve stale transforms while the code changes.
 */
export function ServiceWorkerRegistration() {
  useEffect(() => {
    if (process.env.NODE_ENV !== 'production' || !('serviceWorker' in navigator)) return;
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
      // Without it the HTTP cache (immutable, one year) still avoids refetches.
    });
  }, []);
  return null;
}
