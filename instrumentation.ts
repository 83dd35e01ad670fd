/**
 * Next calls register() once when a server starts. In the Node runtime it hands the production
 * server (scripts/serve.ts) its `/i/` handler, warms the feed head's variants in the background,
 * both over this process's one variant service (lib/server/app-services.ts), and schedules the sweep
 * of orphaned objects. (NEXT_RUNTIME is Next's
 * own build-time switch, not configuration, so it is read here rather than through lib/env.)
 */
/**
 * Next reports every error a render or route handler threw here: one that means the database is
 * unreachable switches pages to a 503 until it is back (lib/server/database-health.ts, proxy.ts).
 */
export async function onRequestError(error: unknown) {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { reportDatabaseError } = await import('./lib/server/database-health');
  reportDatabaseError(error);
}

export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startServerWork } = await import('./lib/server/start-server-work');
  startServerWork();
}
