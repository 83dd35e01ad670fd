import fs from 'node:fs';
import path from 'node:path';

/**
 * The cards the baseline pages show: the same items, in the same order, as Vitrine's feed in the same
 * run. The benchmark writes items.json (not committed) before it builds this app, so both pages are
 * prerendered as static HTML, the cheapest a page can be served.
 */
export interface FeedItem {
  id: string;
  /** The public original's key under /o/, `g/…`. */
  src: string;
  width: number;
  height: number;
}

export function feedItems(): FeedItem[] {
  const file = path.join(process.cwd(), 'items.json');
  if (!fs.existsSync(file)) return [];
  return JSON.parse(fs.readFileSync(file, 'utf8')) as FeedItem[];
}

/** Three columns at any width: what a gallery without a layout engine looks like. */
export const gridStyle = {
  display: 'grid',
  gridTemplateColumns: 'repeat(3, minmax(0, 1fr))',
  gap: 8,
  padding: 8,
  margin: 0,
} as const;
