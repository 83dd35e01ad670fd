'use client';

import { decode } from 'blurhash';
import { useEffect, useState } from 'react';

const cache = new Map<string, string>();
const MAX_CACHED = 600;
const SIZE = 24;

function render(hash: string): string {
  const cached = cache.get(hash);
  if (cached) return cached;
  const canvas = document.createElement('canvas');
  canvas.width = SIZE;
  canvas.height = SIZE;
  const context = canvas.getContext('2d');
  if (!context) return '';
  const image = context.createImageData(SIZE, SIZE);
  image.data.set(decode(hash, SIZE, SIZE));
  context.putImageData(image, 0, 0);
  const url = canvas.toDataURL();
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  cache.set(hash, url);
  return url;
}

// Safari has no requestIdleCallback; a short timeout still keeps decoding out of the scroll frame.
const hasIdleCallback = () => typeof window.requestIdleCallback === 'function';
const whenIdle = (callback: () => void): number =>
  hasIdleCallback()
    ? window.requestIdleCallback(callback, { timeout: 1000 })
    : window.setTimeout(callback, 16);
const cancelIdle = (handle: number) =>
  hasIdleCallback() ? window.cancelIdleCallback(handle) : window.clearTimeout(handle);

/**
 * A blurred preview as a data URL, decoded small (24×24, stretched by CSS) when the main thread is
 * idle and memoized, so placeholders never compete with scrolling. Until then: null (the card shows
 * the hash's average colour, which costs nothing).
 */
export function useBlurhashPreview(hash: string, skip: boolean): string | null {
  const [url, setUrl] = useState<string | null>(() => cache.get(hash) ?? null);
  useEffect(() => {
    if (skip || cache.has(hash)) {
      setUrl(cache.get(hash) ?? null);
      return;
    }
    const handle = whenIdle(() => setUrl(render(hash) || null));
    return () => cancelIdle(handle);
  }, [hash, skip]);
  return url;
}
