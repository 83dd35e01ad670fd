import 'server-only';

export interface SingleFlight<T> {
  /**
   * Runs `fn` unless a call with the same key is still in flight, in which case every caller gets
   * that call's promise. The key is freed as soon as the promise settles, so a failure is seen by
   * the callers that were waiting for it and never by a later one (errors are not cached).
   */
  run(key: string, fn: () => Promise<T>): Promise<T>;
  /** Keys currently in flight. */
  size(): number;
}

export function createSingleFlight<T>(): SingleFlight<T> {
  const inFlight = new Map<string, Promise<T>>();
  return {
    run(key, fn) {
      const existing = inFlight.get(key);
      if (existing) return existing;
      // The async wrapper turns a synchronous throw into a rejection shared like any other.
      const promise = (async () => fn())().finally(() => {
        if (inFlight.get(key) === promise) inFlight.delete(key);
      });
      inFlight.set(key, promise);
      return promise;
    },
    size: () => inFlight.size,
  };
}
