/**
 * `npm run start:edge` says ready once the feed's first screens can be served as production serves
 * them: every card of the first page has its display set stored in the public bucket, so the
 * Worker answers each of their variants from a stored object (docs/image-delivery.md). The app's
 * background backfill makes the sets, newest first; this waits for the first page's, with progress,
 * asking the bucket with the app's own (signed) requests: the bucket log's `reader` keeps them apart
 * from the Worker's reads.
 */
import { FEED_PAGE_SIZE, type FeedPage } from '@/lib/feed/feed-types';
import { displaySet } from '@/lib/image-guard/display-set';
import { createS3ObjectStore } from '@/lib/storage/s3-object-store';
import { bucketServerCredentials, type EdgeLayout } from './edge-layout';

const POLL_MS = 2_000;

/** The bucket as the app reaches it (signed requests). */
function appBucket(layout: Pick<EdgeLayout, 'publicBucket' | 'bucketEndpoint'>) {
  return createS3ObjectStore({
    bucket: layout.publicBucket,
    endpoint: layout.bucketEndpoint,
    region: 'auto',
    forcePathStyle: true,
    ...bucketServerCredentials,
  });
}

/** How many stored members the first page's display sets have, and how many of them are missing. */
async function missingMembers(
  layout: Pick<EdgeLayout, 'appCheckUrl'>,
  store: ReturnType<typeof createS3ObjectStore>,
) {
  const response = await fetch(`${new URL(layout.appCheckUrl).origin}/api/feed?limit=${FEED_PAGE_SIZE}`, {
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`the app's feed answered ${response.status}`);
  const { items } = (await response.json()) as FeedPage;
  const keys = items.flatMap((item) => displaySet(item.src, item.width).map((member) => member.storedKey));
  const heads = await Promise.all(keys.map((key) => store.head(key)));
  return { total: keys.length, missing: keys.filter((_, index) => heads[index] === null).length };
}

/** Resolves once the first page's sets are stored; after `timeoutMs` says so and resolves anyway. */
export async function waitForFirstScreens(layout: EdgeLayout, timeoutMs: number): Promise<void> {
  const store = appBucket(layout);
  const deadline = Date.now() + timeoutMs;
  let said = -1;
  for (;;) {
    const { total, missing } = await missingMembers(layout, store);
    if (missing === 0) return;
    if (missing !== said) {
      console.log(`Storing the first screens' display sets: ${total - missing}/${total} variants…`);
      said = missing;
    }
    if (Date.now() >= deadline) {
      console.warn(
        `The first screens' display sets are not all stored after ${timeoutMs / 1000} s (${missing} missing); ` +
          'serving anyway: the Worker makes those variants on request.',
      );
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
