/**
 * What the scheduler does to and reads from one <img>: the prefetch window's geometry, starting
 * nothing and cancelling a fetch without a request of its own. DOM only, no policy.
 */

/** Smallest valid image: swapping it in makes Chromium drop the pending fetch, without a request. */
export const ABORT_SRC = 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';

/** top right bottom left, in % of the viewport: half a viewport behind (above), one ahead (below). */
export const PREFETCH_ROOT_MARGIN = '50% 0px 100% 0px';
export const WINDOW_ABOVE_VIEWPORTS = 0.5;
export const WINDOW_BELOW_VIEWPORTS = 1;

/**
 * Whether the element carries a URL of its own: a server-rendered image unobserved in flight (React
 * StrictMode's effect replay does exactly that) holds the abort placeholder, and must be queued, not
 * taken for a finished image.
 */
export function hasRealSource(img: HTMLImageElement): boolean {
  const src = img.getAttribute('src');
  return (
    Boolean(img.getAttribute('srcset')) ||
    (Boolean(src) && src !== ABORT_SRC) ||
    pictureSources(img).some((source) => source.getAttribute('srcset'))
  );
}

/** The `<source>`s of the `<picture>` holding the image (the first screen's cards), if any. */
function pictureSources(img: HTMLImageElement): HTMLSourceElement[] {
  const picture = img.parentElement;
  return picture?.tagName === 'PICTURE' ? [...picture.querySelectorAll('source')] : [];
}

/** The abort placeholder's own load event, or an element that never got a URL. */
export function showsNoRealImage(img: HTMLImageElement): boolean {
  return img.currentSrc === '' || img.currentSrc === ABORT_SRC;
}

/**
 * Cancelling with `src=""` is not safe (it can request the page's own URL, and fires `error`).
 * Removing srcset/sizes and swapping in an inline image leaves the pending fetch with no client,
 * and Chromium cancels such a fetch; both mutations land before the image update microtask runs.
 */
export function cancelFetch(img: HTMLImageElement): void {
  // A picture's source would keep choosing its URL over the image's own attributes.
  for (const source of pictureSources(img)) source.removeAttribute('srcset');
  img.removeAttribute('srcset');
  img.removeAttribute('sizes');
  img.src = ABORT_SRC;
}

/** Below half its height on screen, a card is a sliver: right after a fling it waits. */
const SLIVER_FRACTION = 0.5;

export function measure(
  img: HTMLImageElement,
  viewportHeight: number,
): { distance: number; inWindow: boolean; sliver: boolean } {
  if (!img.isConnected) return { distance: Number.POSITIVE_INFINITY, inWindow: false, sliver: false };
  const box = img.getBoundingClientRect();
  const distance = box.bottom <= 0 ? -box.bottom : box.top >= viewportHeight ? box.top - viewportHeight : 0;
  const inWindow =
    box.bottom >= -WINDOW_ABOVE_VIEWPORTS * viewportHeight &&
    box.top <= viewportHeight * (1 + WINDOW_BELOW_VIEWPORTS);
  const onScreen = Math.max(0, Math.min(box.bottom, viewportHeight) - Math.max(box.top, 0));
  return { distance, inWindow, sliver: distance === 0 && onScreen < SLIVER_FRACTION * box.height };
}
