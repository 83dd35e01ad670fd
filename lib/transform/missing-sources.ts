/**
 * A short memory of sources the store did not have, so a burst of requests for `g/<junk>.jpg`
 * costs one storage read, not one each (and no transform slot). Bounded in time (`ttlMs`, shorter
 * than the 404's own `max-age`, so it never hides a publish longer than caches already do) and in
 * size (the oldest entry goes first). A source that gets produced is forgotten at once.
 */
export interface MissingSources {
  has(storagePath: string, nowMs: number): boolean;
  remember(storagePath: string, nowMs: number): void;
  forget(storagePath: string): void;
}

export function createMissingSources(options: { ttlMs: number; max: number }): MissingSources {
  const until = new Map<string, number>();
  return {
    has(storagePath, nowMs) {
      const expires = until.get(storagePath);
      if (expires === undefined) return false;
      if (expires > nowMs) return true;
      until.delete(storagePath);
      return false;
    },
    remember(storagePath, nowMs) {
      until.delete(storagePath);
      until.set(storagePath, nowMs + options.ttlMs);
      if (until.size > options.max) until.delete(until.keys().next().value as string);
    },
    forget(storagePath) {
      until.delete(storagePath);
    },
  };
}
