import 'server-only';
import type { CachedVariant } from './types';

/**
 * The hot tier in front of the disk cache: the variants asked for most recently, in memory, bounded
 * by bytes. A warm feed asks for the same few hundred variants over and over; serving them without
 * a file read is most of what makes a cache hit cheap. Map order is recency order.
 */
export function createMemoryLru(maxBytes: number) {
  const entries = new Map<string, CachedVariant>();
  let bytes = 0;
  const remove = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.bytes.byteLength;
  };
  return {
    get(key: string): CachedVariant | undefined {
      const entry = entries.get(key);
      if (entry) {
        entries.delete(key);
        entries.set(key, entry);
      }
      return entry;
    },
    set(key: string, variant: CachedVariant): void {
      if (variant.bytes.byteLength > maxBytes / 8) return;
      remove(key);
      entries.set(key, variant);
      bytes += variant.bytes.byteLength;
      for (const oldest of entries.keys()) {
        if (bytes <= maxBytes) break;
        remove(oldest);
      }
    },
    /** Drops every entry whose key starts with `prefix`. */
    deletePrefix(prefix: string): void {
      for (const key of [...entries.keys()]) if (key.startsWith(prefix)) remove(key);
    },
    get size() {
      return { entries: entries.size, bytes };
    },
  };
}
