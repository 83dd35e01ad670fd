/**
 * What the server's own work needs done before the host (scripts/serve.ts) exits on SIGTERM or
 * SIGINT: the publish queue lets its running job finish or hands it back (lib/server/publish-queue.ts).
 * Handed over through `globalThis` like the `/i/` handler (lib/server/image-handoff.ts).
 */
const shutdownKey = Symbol.for('vitrine.shutdown');
type Handoff = { [shutdownKey]?: Array<() => Promise<void>> };

/** Called by lib/server/start-server-work.ts. */
export function onServerShutdown(work: () => Promise<void>): void {
  const registry = globalThis as Handoff;
  const pieces = registry[shutdownKey] ?? [];
  pieces.push(work);
  registry[shutdownKey] = pieces;
}

/** Called by the host before it exits: every registered piece, at most `timeoutMs` in all. */
export async function runServerShutdown(timeoutMs: number): Promise<void> {
  const work = (globalThis as Handoff)[shutdownKey] ?? [];
  await Promise.race([
    Promise.allSettled(work.map((run) => run())),
    new Promise((resolve) => setTimeout(resolve, timeoutMs).unref()),
  ]);
}
