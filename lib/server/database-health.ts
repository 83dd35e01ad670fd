import { isDatabaseUnavailable } from '@/lib/db/unavailable';

/**
 * Whether the database was last seen unreachable, process-wide (one state for every bundle layer:
 * route handlers report it, proxy.ts reads it to answer pages 503 without rendering them). While it
 * is down a probe runs every second; the first success clears it, so the app recovers on its own
 * when the database returns. The probe is installed by lib/server/app-services.ts, which owns the
 * database.
 */
interface Health {
  downSince: number | null;
  probe: (() => Promise<void>) | null;
  timer: ReturnType<typeof setInterval> | null;
}

const PROBE_EVERY_MS = 1_000;
const healthKey = Symbol.for('vitrine.database-health');
type Registry = { [healthKey]?: Health };

function health(): Health {
  const registry = globalThis as Registry;
  registry[healthKey] ??= { downSince: null, probe: null, timer: null };
  return registry[healthKey];
}

export function setDatabaseProbe(probe: () => Promise<void>): void {
  health().probe = probe;
}

export function isDatabaseDown(): boolean {
  return health().downSince !== null;
}

/** Records `error` if it means the database is unreachable (and says so); other errors are bugs. */
export function reportDatabaseError(error: unknown): boolean {
  if (!isDatabaseUnavailable(error)) return false;
  const state = health();
  if (state.downSince !== null) return true;
  state.downSince = Date.now();
  console.warn('[db] the database is unreachable; answering 503 until it is back', error);
  let probing = false;
  state.timer = setInterval(() => {
    if (probing || !state.probe) return;
    probing = true;
    state
      .probe()
      .then(() => {
        console.log(`[db] the database is back after ${Date.now() - (state.downSince ?? Date.now())} ms`);
        state.downSince = null;
        if (state.timer) clearInterval(state.timer);
        state.timer = null;
      })
      .catch(() => undefined)
      .finally(() => {
        probing = false;
      });
  }, PROBE_EVERY_MS);
  state.timer.unref?.();
  return true;
}
