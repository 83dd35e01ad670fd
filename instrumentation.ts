/**
 * Next calls register() once when a server starts. In the Node runtime it hands the production
 * server (scripts/serve.ts) its `/i/` handler, warms the feed head's variants in the background,
 * both over this process's one variant service (lib/server/app-services.ts), and schedules the sweep
 * of orphaned objects. (NEXT_RUNTIME is Next's
 * own build-time switch, not configuration, so it is read here rather than through lib/env.)
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startServerWork } = await import('./lib/server/start-server-work');
  startServerWork();
}
