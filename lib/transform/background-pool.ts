import 'server-only';
import { setTimeout as sleep } from 'node:timers/promises';
import { PoolSaturatedError, type TransformPool } from './transform-pool';

export interface BackgroundPoolOptions {
  /** How many background tasks may hold slots of the shared pool at once. Default: all but one slot. */
  slots?: number;
  /** How long one task may wait for its turn before it fails (the job then retries later). */
  maxWaitMs?: number;
  /** How often an idle pool is looked for while visitors keep it busy. */
  pollMs?: number;
}

export class BackgroundWaitTimeoutError extends Error {
  constructor(waitedMs: number) {
    super(
      `The transform pool stayed busy with visitors for ${Math.round(waitedMs / 1000)} s; the job retries later`,
    );
    this.name = 'BackgroundWaitTimeoutError';
  }
}

/**
 * The app's one transform pool, as background work (the publish queue) uses it: visitors first.
 * A background task enters the pool only when it is idle (nothing waiting, a slot free), holds at
 * most `slots` slots (one is always left to `/i/` on a pool of two or more), and when a visitor's
 * request won the race and the pool refuses (PoolSaturatedError) it waits the pool's Retry-After
 * and asks again. Past `maxWaitMs` it gives up with BackgroundWaitTimeoutError.
 */
export function createBackgroundPool(
  pool: TransformPool,
  options: BackgroundPoolOptions = {},
): TransformPool {
  const slots = options.slots ?? Math.max(1, pool.stats().concurrency - 1);
  const maxWaitMs = options.maxWaitMs ?? 120_000;
  const pollMs = options.pollMs ?? 50;
  let held = 0;

  async function turn<T>(fn: () => Promise<T>): Promise<T> {
    const started = Date.now();
    for (;;) {
      if (held < slots && pool.isIdle()) {
        held++;
        try {
          return await pool.run(fn);
        } catch (error) {
          if (!(error instanceof PoolSaturatedError)) throw error;
          await sleep(error.retryAfterSeconds * 1000);
          continue;
        } finally {
          held--;
        }
      }
      if (Date.now() - started > maxWaitMs) throw new BackgroundWaitTimeoutError(Date.now() - started);
      await sleep(pollMs);
    }
  }

  return { run: turn, isIdle: () => held < slots && pool.isIdle(), stats: () => pool.stats() };
}
