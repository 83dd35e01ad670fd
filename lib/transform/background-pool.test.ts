import { describe, expect, it } from 'vitest';
import { BackgroundWaitTimeoutError, createBackgroundPool } from './background-pool';
import { createTransformPool } from './transform-pool';

const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the background pool (visitors first)', () => {
  it('lets a visitor who came later go first: it enters only an idle pool', async () => {
    const pool = createTransformPool({ concurrency: 1, maxQueue: 4 });
    const background = createBackgroundPool(pool, { pollMs: 5 });
    const order: string[] = [];
    const first = pool.run(async () => {
      await later(60);
      order.push('first visitor');
    });
    const job = background.run(async () => {
      order.push('background');
    });
    await later(10);
    // Queued in the pool after the job asked: FIFO alone would run the job before it.
    const second = pool.run(async () => {
      order.push('second visitor');
    });
    await Promise.all([first, job, second]);
    expect(order).toEqual(['first visitor', 'second visitor', 'background']);
  });

  it('leaves one slot of two to visitors', async () => {
    const pool = createTransformPool({ concurrency: 2, maxQueue: 4 });
    const background = createBackgroundPool(pool, { pollMs: 5 });
    let running = 0;
    let most = 0;
    const task = async () => {
      running++;
      most = Math.max(most, running);
      await later(20);
      running--;
    };
    await Promise.all([background.run(task), background.run(task), background.run(task)]);
    expect(most).toBe(1);
    expect(pool.stats().rejected).toBe(0);
  });

  it('gives up after its wait with BackgroundWaitTimeoutError, never a visitor', async () => {
    const pool = createTransformPool({ concurrency: 1, maxQueue: 4 });
    const background = createBackgroundPool(pool, { pollMs: 5, maxWaitMs: 40 });
    const visitor = pool.run(() => later(150));
    await expect(background.run(async () => 'never')).rejects.toBeInstanceOf(BackgroundWaitTimeoutError);
    await visitor;
    expect(pool.stats().rejected).toBe(0);
  });
});
