import 'server-only';
import os from 'node:os';

/**
 * One sharp pipeline keeps about one core busy (sharp.concurrency() is 1 on glibc without jemalloc),
 * so one slot per core keeps the CPU full without pipelines time-slicing each other's latency away.
 */
export const DEFAULT_POOL_CONCURRENCY = Math.max(1, os.availableParallelism());
/**
 * Waiting costs a closure, not memory for pixels (the source is loaded once a slot is free). 64
 * waiting at 80–230 ms of CPU per cold variant (docs/transform.md) on 2 slots is 3–7 s of queue,
 * past which a 503 and a retry serve the visitor better than a request that looks hung.
 */
export const DEFAULT_POOL_MAX_QUEUE = 64;
/**
 * …and the queue's length alone says nothing about the wait: 64 waiting 4K photographs are 20 s.
 * A task is also refused when the measured time per task says it would wait longer than this.
 */
export const DEFAULT_POOL_MAX_WAIT_MS = 4_000;
/** The estimate before anything has run: a typical cold variant (docs/transform.md). */
const INITIAL_TASK_MS = 200;
/** Weight of the newest task in the running average of task time. */
const TASK_TIME_WEIGHT = 0.2;
export const DEFAULT_RETRY_AFTER_SECONDS = 1;

export class PoolSaturatedError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Transform pool is saturated; retry after ${retryAfterSeconds} s`);
    this.name = 'PoolSaturatedError';
  }
}

export interface TransformPoolOptions {
  concurrency?: number;
  maxQueue?: number;
  /** Refuse a task whose estimated wait (queue × average task time ÷ slots) is longer. */
  maxWaitMs?: number;
  retryAfterSeconds?: number;
  /** Clock for task times (tests). */
  now?: () => number;
}

export interface TransformPoolStats {
  running: number;
  queued: number;
  concurrency: number;
  maxQueue: number;
  /** Tasks refused with PoolSaturatedError since creation. */
  rejected: number;
  /** Running average of a task's time, which the wait estimate uses. */
  averageTaskMs: number;
}

export interface TransformPool {
  /**
   * Runs `fn` when a slot is free, FIFO. With `concurrency` running and either `maxQueue` waiting or
   * an estimated wait beyond `maxWaitMs`, it rejects at once with PoolSaturatedError (the route
   * answers 503 + Retry-After). Admission is decided synchronously, during the call.
   */
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** True when a task submitted now would start at once and nobody is waiting. */
  isIdle(): boolean;
  stats(): TransformPoolStats;
}

function assertCount(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be an integer ≥ ${min}`);
}

export function createTransformPool(options: TransformPoolOptions = {}): TransformPool {
  const concurrency = options.concurrency ?? DEFAULT_POOL_CONCURRENCY;
  const maxQueue = options.maxQueue ?? DEFAULT_POOL_MAX_QUEUE;
  const retryAfterSeconds = options.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
  const maxWaitMs = options.maxWaitMs ?? DEFAULT_POOL_MAX_WAIT_MS;
  const now = options.now ?? (() => performance.now());
  let averageTaskMs = INITIAL_TASK_MS;
  assertCount('concurrency', concurrency, 1);
  assertCount('maxQueue', maxQueue, 0);
  assertCount('retryAfterSeconds', retryAfterSeconds, 1);

  const queue: Array<() => void> = [];
  let running = 0;
  let rejected = 0;

  function release(): void {
    running--;
    const next = queue.shift();
    if (next) next();
  }

  function start<T>(fn: () => Promise<T>): Promise<T> {
    running++;
    const startedAt = now();
    return (async () => fn())().finally(() => {
      averageTaskMs += TASK_TIME_WEIGHT * (now() - startedAt - averageTaskMs);
      release();
    });
  }

  /** How long a task queued now would wait for a slot. */
  function expectedWaitMs(): number {
    return ((queue.length + 1) * averageTaskMs) / concurrency;
  }

  return {
    run<T>(fn: () => Promise<T>): Promise<T> {
      if (running < concurrency && queue.length === 0) return start(fn);
      if (queue.length >= maxQueue || expectedWaitMs() > maxWaitMs) {
        rejected++;
        return Promise.reject(new PoolSaturatedError(retryAfterSeconds));
      }
      return new Promise<T>((resolve, reject) => {
        queue.push(() => {
          start(fn).then(resolve, reject);
        });
      });
    },
    isIdle: () => running < concurrency && queue.length === 0,
    stats: () => ({ running, queued: queue.length, concurrency, maxQueue, rejected, averageTaskMs }),
  };
}
