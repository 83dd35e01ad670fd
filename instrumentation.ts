/**
 * Next calls register() once when a server starts. In the Node runtime it hands the production
 * server (scripts/serve.ts) its `/i/` handler and warms the feed head's variants in the background,
 * both over this process's one variant service (lib/server/app-services.ts). (NEXT_RUNTIME is Next's
 * own build-time switch, not configuration, so it is read here rather than through lib/env.)
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startImageServices } = await import('./lib/server/start-image-services');
  startImageServices();
}
