import 'server-only';
import { serveNodeImageRequest } from '@/lib/transform/node-image-adapter';
import { appServices } from './app-services';
import { provideNodeImageHandler } from './image-handoff';
import { warmFeedHeadInBackground } from './warm-feed-head';

/**
 * Runs once when Next's server starts (instrumentation.ts): hands the host its `/i/` handler and
 * warms the feed head, both over the one variant service of this process.
 */
export function startImageServices(): void {
  const services = appServices();
  provideNodeImageHandler((request, response) => {
    void serveNodeImageRequest(request, response, services.variants, services.imageAccessLog);
  });
  warmFeedHeadInBackground();
}
