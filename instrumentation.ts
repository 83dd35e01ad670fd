/**
 * Next calls register() once when a server starts. In the Node runtime it warms the variants of
 * the feed's first screens in the background: after `npm start` seeds the demo data, and after every
 * restart, the first visitor finds them encoded. (NEXT_RUNTIME is Next's own build-time switch, not
 * configuration, so it is read here rather than through lib/env.)
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { warmFeedHeadInBackground } = await import('./lib/transform/warm-on-start');
  warmFeedHeadInBackground();
}
