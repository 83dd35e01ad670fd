import 'server-only';
import { imageDeliveryConfig } from '@/lib/config/image-delivery';
import { env } from '@/lib/env';
import { feedCacheControl } from '@/lib/feed/feed-cache';
import { parseFeedFilter } from '@/lib/feed/feed-filter';
import { getFeedPage } from '@/lib/feed/get-feed-page';
import {
  renderSyndication,
  SYNDICATION_ITEM_COUNT,
  type SyndicationFormat,
  syndicatedFilter,
  syndicationContentType,
} from '@/lib/feed/syndication';
import { apiContentSecurityPolicy } from '@/lib/http/security-headers';
import { appServices } from './app-services';
import { route } from './routes';

/**
 * `GET /feed.xml`, `/feed.atom`, `/feed.json`: the newest public `general` items of the feed or of a
 * search (`rating=sensitive` for the others),
 * the filter read exactly as `/api/feed` reads it (a bad one is a 400 in the error contract), cached
 * like the feed's head page.
 */
export function syndicationRoute(format: SyndicationFormat) {
  return route(async (request: Request) => {
    const filter = parseFeedFilter(new URL(request.url).searchParams);
    // Titled by what was asked, filled by what a document may carry (general only by default).
    const feedRequest = { limit: SYNDICATION_ITEM_COUNT, filter: syndicatedFilter(filter) };
    const page = await getFeedPage(await appServices().feed(), feedRequest);
    const site = { publicUrl: env.PUBLIC_URL, delivery: imageDeliveryConfig() };
    return new Response(renderSyndication(format, page.items, filter, site), {
      headers: {
        'Content-Type': syndicationContentType(format),
        'Cache-Control': feedCacheControl(feedRequest),
        // Not a page (proxy.ts leaves these paths alone): like the API's JSON, nothing in it may run.
        'Content-Security-Policy': apiContentSecurityPolicy,
      },
    });
  });
}
