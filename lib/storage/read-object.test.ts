import { describe, expect, it } from 'vitest';
import type { StoredObject } from './object-store';
import { ObjectTooLargeError, readObject, StorageTimeoutError } from './read-object';

/** An object whose body sends `chunks`, then either ends or stalls; records whether it was cancelled. */
function objectOf(chunks: number[], options: { size?: number; stall?: boolean } = {}) {
  const state = { cancelled: false, pulled: 0 };
  const queue = [...chunks];
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      state.pulled++;
      const next = queue.shift();
      if (next !== undefined) controller.enqueue(new Uint8Array(next).fill(7));
      else if (!options.stall) controller.close();
      // Stalled: never enqueues again, never closes (an origin that stopped sending).
      else return new Promise<void>(() => {});
    },
    cancel() {
      state.cancelled = true;
    },
  });
  const object: StoredObject = {
    key: 'g/a.jpg',
    size: options.size ?? chunks.reduce((sum, n) => sum + n, 0),
    contentType: 'image/jpeg',
    body,
  };
  return { object, state };
}

const limits = { maxBytes: 100, timeoutMs: 200 };

describe('readObject', () => {
  it('reads every chunk in order', async () => {
    const { object } = objectOf([10, 20, 30]);
    const bytes = await readObject(object, limits);
    expect(bytes.byteLength).toBe(60);
    expect(bytes.every((byte) => byte === 7)).toBe(true);
  });

  it('refuses an object from its size, without reading it', async () => {
    const { object, state } = objectOf([50, 60], { size: 110 });
    await expect(readObject(object, limits)).rejects.toBeInstanceOf(ObjectTooLargeError);
    expect(state).toEqual({ cancelled: true, pulled: expect.any(Number) });
    expect(state.pulled).toBeLessThanOrEqual(1); // a stream may pull once on creation, never more
  });

  it('stops a body that sends more than its size said', async () => {
    // Still sending (a stream that had ended could not be cancelled any more).
    const { object, state } = objectOf([60, 60], { size: 10, stall: true });
    await expect(readObject(object, limits)).rejects.toBeInstanceOf(ObjectTooLargeError);
    expect(state.cancelled).toBe(true);
  });

  it('abandons a stalled body within the timeout and releases the stream', async () => {
    const { object, state } = objectOf([10], { stall: true });
    const started = performance.now();
    await expect(readObject(object, limits)).rejects.toBeInstanceOf(StorageTimeoutError);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(1000);
    expect(state.cancelled).toBe(true);
  });
});
