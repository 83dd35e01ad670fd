import { describe, expect, it } from 'vitest';
import { createTransformPool, PoolSaturatedError } from './transform-pool';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((res) => {
    resolve = res;
  });
  return { promise, resolve };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('createTransformPool', () => {
  it('never runs more than `concurrency` tasks at once, and runs them all', async () => {
    const pool = createTransformPool({ concurrency: 2, maxQueue: 20 });
    let active = 0;
    let maxActive = 0;
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        pool.run(async () => {
          active++;
          maxActive = Math.max(maxActive, active);
          await new Promise((resolve) => setTimeout(resolve, 2 + (i % 3)));
          active--;
          return i;
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(maxActive).toBe(2);
    expect(pool.stats()).toMatchObject({ running: 0, queued: 0, rejected: 0 });
  });

  it('refuses past the wait the measured task time predicts, well before maxQueue', async () => {
    let clock = 0;
    const pool = createTransformPool({ concurrency: 2, maxQueue: 64, maxWaitMs: 4_000, now: () => clock });
    // Ten tasks of 1 s each teach the pool its task time (a running average, from 200 ms).
    for (let i = 0; i < 10; i++) {
      await pool.run(async () => {
        clock += 1_000;
      });
    }
    expect(pool.stats().averageTaskMs).toBeCloseTo(1_000 - 800 * 0.8 ** 10, 6);
    const gate = deferred();
    const admitted: Promise<void>[] = [];
    const refusals: unknown[] = [];
    for (let i = 0; i < 20; i++) {
      admitted.push(pool.run(() => gate.promise).catch((error: unknown) => void refusals.push(error)));
    }
    // 2 run; one more waits while (already waiting + 1) × 914 ms ÷ 2 slots ≤ 4 s: 8 wait, 10 are refused.
    expect(pool.stats()).toMatchObject({ running: 2, queued: 8, rejected: 10 });
    expect(refusals.every((error) => error instanceof PoolSaturatedError)).toBe(true);
    gate.resolve();
    await Promise.all(admitted);
  });

  it('rejects at once with PoolSaturatedError past maxQueue waiting', async () => {
    const pool = createTransformPool({ concurrency: 1, maxQueue: 2, retryAfterSeconds: 2 });
    const gate = deferred();
    const accepted = [1, 2, 3].map((n) => pool.run(() => gate.promise.then(() => n)));
    expect(pool.stats()).toMatchObject({ running: 1, queued: 2 });
    expect(pool.isIdle()).toBe(false);

    let settled = false;
    const refused = pool
      .run(async () => 4)
      .catch((error: unknown) => {
        settled = true;
        return error;
      });
    await tick();
    // Refused while the running task is still blocked: nothing had to finish first.
    expect(settled).toBe(true);
    const error = await refused;
    expect(error).toBeInstanceOf(PoolSaturatedError);
    expect((error as PoolSaturatedError).retryAfterSeconds).toBe(2);
    expect(pool.stats().rejected).toBe(1);

    gate.resolve();
    expect(await Promise.all(accepted)).toEqual([1, 2, 3]);
    expect(pool.isIdle()).toBe(true);
  });

  it('starts queued tasks first in, first out', async () => {
    const pool = createTransformPool({ concurrency: 1, maxQueue: 5 });
    const order: number[] = [];
    await Promise.all([1, 2, 3, 4].map((n) => pool.run(async () => void order.push(n))));
    expect(order).toEqual([1, 2, 3, 4]);
  });

  it('frees the slot when a task fails', async () => {
    const pool = createTransformPool({ concurrency: 1, maxQueue: 1 });
    const failing = pool.run(async () => {
      throw new Error('boom');
    });
    const next = pool.run(async () => 'ok');
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ok');
    expect(pool.stats()).toMatchObject({ running: 0, queued: 0 });
  });

  it('refuses nonsensical sizes', () => {
    expect(() => createTransformPool({ concurrency: 0 })).toThrow(RangeError);
    expect(() => createTransformPool({ maxQueue: -1 })).toThrow(RangeError);
  });
});
