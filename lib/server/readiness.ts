/**
 * Whether this process has finished its start work (lib/server/start-server-work.ts): the publish
 * queue is up (its schema checked, its workers polling, the backfill queued). Until then the embedded
 * database is busy with that work, and a request can wait behind it for a few hundred ms; a load
 * balancer or a benchmark asks `/api/health` and sends visitors once it says ready. One state for
 * every bundle layer (instrumentation and route handlers are separate module instances), as
 * database-health.ts keeps it. No imports: the host (scripts/serve.ts) loads this file as is.
 */
const readyKey = Symbol.for('vitrine.readiness');
type Registry = { [readyKey]?: boolean };

export function markServerReady(): void {
  (globalThis as Registry)[readyKey] = true;
}

export function isServerReady(): boolean {
  return (globalThis as Registry)[readyKey] === true;
}
