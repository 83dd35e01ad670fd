import 'server-only';
import { forgetOldIdempotencyKeys } from '@/lib/curation/idempotency';
import { sweepOrphans } from '@/lib/curation/sweep-orphans';
import { serveNodeImageRequest } from '@/lib/transform/node-image-adapter';
import { appServices } from './app-services';
import { provideNodeImageHandler } from './image-handoff';
import { markServerReady } from './readiness';
import { onServerShutdown } from './shutdown-handoff';
import { warmFeedHeadInBackground } from './warm-feed-head';

const SWEEP_EVERY_MS = 6 * 3600 * 1000;
/** `SIGTERM` stops every part of `npm start` within 10 s (docs/foundation.md, "Stopping"). */
const SHUTDOWN_GRACE_SECONDS = 5;

/**
 * Removes objects interrupted uploads and state changes left behind (lib/curation/sweep-orphans.ts),
 * and Idempotency-Keys past their day (lib/curation/idempotency.ts).
 */
async function sweep(): Promise<void> {
  try {
    const services = appServices();
    const { db } = await services.database();
    await forgetOldIdempotencyKeys(db);
    const { privateRemoved, publicRemoved, displayVariantsRemoved } = await sweepOrphans(db, services.stores);
    if (privateRemoved.length + publicRemoved.length + displayVariantsRemoved.length > 0) {
      console.log(
        `Removed ${privateRemoved.length} orphaned originals, ${publicRemoved.length} unpublished public copies and ${displayVariantsRemoved.length} stored display variants no public row needs`,
      );
    }
  } catch (error) {
    console.warn('Sweeping orphaned objects failed; it runs again later:', error);
  }
}

/**
 * Runs once when Next's server starts (instrumentation.ts): hands the host its `/i/` handler, warms
 * the feed head, both over the one variant service of this process, starts the publish queue (and
 * its stop on SIGTERM; the instance is ready once it has started), and sweeps orphaned objects now
 * and every six hours.
 */
export function startServerWork(): void {
  const services = appServices();
  provideNodeImageHandler((request, response) => {
    void serveNodeImageRequest(request, response, services.variants, services.imageGuard);
  });
  warmFeedHeadInBackground();
  // The publish queue: its workers make display sets; at start it queues those public rows lack.
  const queue = services.publishQueue().catch((error: unknown) => {
    console.warn('The publish queue did not start; publishing waits until it does:', error);
    return null;
  });
  // Ready (/api/health) once the queue's start has settled, either way: a queue that did not start
  // leaves publishing waiting, not visitors.
  void queue.then(markServerReady);
  onServerShutdown(async () => {
    // Within the host's stop budget (scripts/serve.ts): a job still running then goes back to the queue.
    await (await queue)?.stop(SHUTDOWN_GRACE_SECONDS);
  });
  setTimeout(sweep, 30_000).unref();
  setInterval(sweep, SWEEP_EVERY_MS).unref();
}
