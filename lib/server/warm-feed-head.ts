import 'server-only';
import { env } from '@/lib/env';
import { getFeedPage } from '@/lib/feed/get-feed-page';
import { prewarmFeedHead } from '@/lib/transform/prewarm-feed';
import { appServices } from './app-services';

const HEAD_ITEMS = 96;

/**
 * Encodes the variants the feed's first screens will ask for, in the background, into the same
 * variant service `/i/` answers from: after `npm start` seeds the demo data, and after every
 * restart, the first visitor finds them in memory.
 */
export function warmFeedHeadInBackground(): void {
  if (!env.PREWARM_ON_START) return;
  setTimeout(async () => {
    try {
      const services = appServices();
      const feed = await services.feed();
      const first = await getFeedPage(feed, { limit: 60 });
      const second = first.nextCursor
        ? await getFeedPage(feed, { limit: 60, after: first.nextCursor })
        : null;
      const items = [...first.items, ...(second?.items ?? [])].slice(0, HEAD_ITEMS);
      const started = Date.now();
      const transformed = await prewarmFeedHead(services.variants, items);
      console.log(`Prewarmed ${transformed} variants of the feed head in ${Date.now() - started} ms`);
    } catch (error) {
      console.warn('Prewarming the feed head failed (visitors will encode on demand):', error);
    }
  }, 0);
}
