import { minLadderWidth } from '../images/ladder';
import { maxOverfetch } from '../images/srcset';
import { type LayoutOptions, targetRowHeightFor } from './justified-layout';

/**
 * The server cannot measure the browser, yet it renders the first rows. The browser stores its
 * viewport in a cookie; the server lays out for it, so rows hydrate exactly where they were drawn.
 * A first visit (no cookie) is laid out for a common desktop and corrected once on hydration.
 */
export const VIEWPORT_COOKIE = 'vitrine-viewport';

export interface ViewportSize {
  width: number;
  height: number;
}

export const defaultViewport: ViewportSize = { width: 1440, height: 900 };

/** Horizontal padding of the feed on each side, and the gap between cards and rows (px). */
export const FEED_PADDING = 8;
export const FEED_GAP = 8;

export function parseViewportHint(value: string | undefined): ViewportSize {
  const match = value?.match(/^(\d{3,5})x(\d{3,5})$/);
  if (!match) return defaultViewport;
  const width = Number(match[1]);
  const height = Number(match[2]);
  if (width < 240 || width > 8000 || height < 240 || height > 8000) return defaultViewport;
  return { width, height };
}

export function formatViewportHint(viewport: ViewportSize): string {
  return `${Math.round(viewport.width)}x${Math.round(viewport.height)}`;
}

export function feedLayoutOptions(viewport: ViewportSize): LayoutOptions {
  const targetRowHeight = targetRowHeightFor(viewport.height);
  return {
    containerWidth: Math.max(200, viewport.width - 2 * FEED_PADDING),
    targetRowHeight,
    maxRowHeight: Math.round(targetRowHeight * 1.6),
    gap: FEED_GAP,
    minBoxWidth: Math.ceil(minLadderWidth / maxOverfetch),
  };
}
