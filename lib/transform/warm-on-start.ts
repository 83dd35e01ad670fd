import 'server-only';
import { env } from '@/lib/env';
import { getFeedPage } from '@/lib/feed/get-feed-page';
import { getVariantService } from './app-variant-service';
import { prewarmFeedHead } from './prewarm-feed';

const HEAD_ITEMS = 96;

export function warmFeedHeadInBackground(): void {
  if (!env.PREWARM_ON_START) return;
  setTimeout(async () => {
    try {
      const first = await getFeedPage({ limit: 60 });
      const second = first.nextCursor ? await getFeedPage({ limit: 60, after: first.nextCursor }) : null;
      const items = [...first.items, ...(second?.items ?? [])].slice(0, HEAD_ITEMS);
      const started = Date.now();
      const transformed = await prewarmFeedHead(getVariantService(), items);
      if (transformed > 0)
        console.log(`Prewarmed ${transformed} variants of the feed head in ${Date.now() - started} ms`);
    } catch (error) {
      console.warn('Prewarming the feed head failed (visitors will encode on demand):', error);
    }
  }, 0);
}
