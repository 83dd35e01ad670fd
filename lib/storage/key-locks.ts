/**
 * Per-key mutual exclusion within one process: tasks for one key run one after the other, in call
 * order; tasks for different keys run freely. A key's entry is dropped once its queue is empty.
 */
export function createKeyLocks(): <T>(key: string, task: () => Promise<T>) => Promise<T> {
  const keyLocks = new Map<string, Promise<void>>();
  return async function withKeyLock<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = keyLocks.get(key) ?? Promise.resolve();
    const run = previous.then(task);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    keyLocks.set(key, tail);
    try {
      return await run;
    } finally {
      if (keyLocks.get(key) === tail) keyLocks.delete(key);
    }
  };
}
