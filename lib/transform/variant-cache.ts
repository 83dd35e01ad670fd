import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import type { Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { variantSourcePath } from '@/lib/images/storage-keys';
import type { CachedVariant } from './types';
import { decodeHeader, encodeHeader } from './variant-file';

/**
 * A persistent, size-bounded LRU of encoded variants on the local disk (one process per directory,
 * like the rest of DATA_DIR). Layout: `dir/<sha256(storagePath)>/<sha256(variantKey)>`, so purging
 * every variant of one source is a single directory removal and every key maps to a safe name. Keys
 * are variant keys (lib/images/storage-keys.ts); each file carries its own header (variant-file.ts).
 */

export interface VariantCacheOptions {
  dir: string;
  /** Bound on the total size of the cache files (headers included). */
  maxBytes: number;
}

export interface VariantCache {
  get(key: string): Promise<CachedVariant | null>;
  /** Index lookup only, no read: for callers that only need to know (prewarming). */
  has(key: string): Promise<boolean>;
  /** Atomic (temp file + rename); evicts least-recently-used entries past maxBytes. */
  put(key: string, variant: CachedVariant): Promise<void>;
  /** Removes every variant of one source (a deleted or unpublished generation). */
  deleteBySource(storagePath: string): Promise<void>;
}

const HEX64 = /^[0-9a-f]{64}$/;
const TEMP_NAME = /^\..*\.tmp$/;
/** Content types become response headers: visible ASCII only. */
const CONTENT_TYPE = /^[\x21-\x7e][\x20-\x7e]*$/;
/**
 * Recency lives in memory and reaches the disk as the file's mtime, at most once a minute per entry,
 * so a restart rebuilds a close LRU order from one stat per file without a write per hit.
 */
const PERSIST_ACCESS_MS = 60_000;

interface Entry {
  size: number;
  persistedAccess: number;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}

export function createVariantCache(options: VariantCacheOptions): VariantCache {
  const { dir, maxBytes } = options;
  if (!(Number.isFinite(maxBytes) && maxBytes > 0))
    throw new RangeError('maxBytes must be a positive number');

  /** Map order is recency order: the first entry is the least recently used. */
  const index = new Map<string, Entry>();
  const bySource = new Map<string, Set<string>>();
  let totalBytes = 0;
  let loading: Promise<void> | null = null;

  // TypeError for a string that is not a variant key: it could not be purged with its source.
  const idFor = (key: string) => `${sha256(variantSourcePath(key))}/${sha256(key)}`;
  const fileFor = (id: string) => path.join(dir, id);

  function remember(id: string, entry: Entry): void {
    forget(id);
    index.set(id, entry);
    totalBytes += entry.size;
    const sourceHash = id.slice(0, 64);
    let ids = bySource.get(sourceHash);
    if (!ids) {
      ids = new Set();
      bySource.set(sourceHash, ids);
    }
    ids.add(id);
  }

  function forget(id: string): void {
    const entry = index.get(id);
    if (!entry) return;
    index.delete(id);
    totalBytes -= entry.size;
    const sourceHash = id.slice(0, 64);
    const ids = bySource.get(sourceHash);
    ids?.delete(id);
    if (ids?.size === 0) bySource.delete(sourceHash);
  }

  function touch(id: string, entry: Entry): void {
    index.delete(id);
    index.set(id, entry);
    const now = Date.now();
    if (now - entry.persistedAccess < PERSIST_ACCESS_MS) return;
    entry.persistedAccess = now;
    const seconds = now / 1000;
    // Best effort: a lost update only makes the entry look older after a restart.
    fs.utimes(fileFor(id), seconds, seconds).catch(() => {});
  }

  async function unlinkQuietly(file: string): Promise<void> {
    await fs.rm(file, { force: true }).catch(() => {});
  }

  async function evictOverflow(): Promise<void> {
    const victims: string[] = [];
    for (const id of index.keys()) {
      if (totalBytes <= maxBytes) break;
      forget(id);
      victims.push(id);
    }
    await Promise.all(victims.map((id) => unlinkQuietly(fileFor(id))));
  }

  async function scan(): Promise<void> {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    const found: Array<{ id: string; size: number; mtimeMs: number }> = [];
    for (const sourceDir of await fs.readdir(dir, { withFileTypes: true })) {
      if (!sourceDir.isDirectory() || !HEX64.test(sourceDir.name)) continue;
      let files: Dirent[];
      try {
        files = await fs.readdir(path.join(dir, sourceDir.name), { withFileTypes: true });
      } catch {
        continue;
      }
      await Promise.all(
        files.map(async (file) => {
          const full = path.join(dir, sourceDir.name, file.name);
          // No write of this process has started yet (everything awaits the scan): a temp file is
          // what a crash left behind.
          if (TEMP_NAME.test(file.name)) return unlinkQuietly(full);
          if (!file.isFile() || !HEX64.test(file.name)) return;
          try {
            const stat = await fs.stat(full);
            found.push({ id: `${sourceDir.name}/${file.name}`, size: stat.size, mtimeMs: stat.mtimeMs });
          } catch {
            // Vanished between readdir and stat.
          }
        }),
      );
    }
    found.sort((a, b) => a.mtimeMs - b.mtimeMs);
    for (const { id, size, mtimeMs } of found) remember(id, { size, persistedAccess: mtimeMs });
    // maxBytes may be smaller than in the previous run.
    await evictOverflow();
  }

  /** Lazy: the first call scans the directory, concurrent first calls share the scan. */
  function ready(): Promise<void> {
    loading ??= scan().catch((error: unknown) => {
      loading = null;
      throw error;
    });
    return loading;
  }

  return {
    async get(key) {
      await ready();
      const id = idFor(key);
      const entry = index.get(id);
      if (!entry) return null;
      let data: Buffer;
      try {
        data = await fs.readFile(fileFor(id));
      } catch (error) {
        if (!isErrno(error, 'ENOENT')) throw error;
        if (index.get(id) === entry) forget(id);
        return null;
      }
      const decoded = decodeHeader(data, data.length);
      if (!decoded || decoded.header.key !== key) {
        if (index.get(id) === entry) forget(id);
        await unlinkQuietly(fileFor(id));
        return null;
      }
      if (index.get(id) === entry) touch(id, entry);
      return { bytes: data.subarray(decoded.bodyStart), contentType: decoded.header.contentType };
    },

    async has(key) {
      await ready();
      return index.has(idFor(key));
    },

    async put(key, variant) {
      if (!CONTENT_TYPE.test(variant.contentType)) {
        throw new TypeError(`Invalid content type ${JSON.stringify(variant.contentType)}`);
      }
      const id = idFor(key);
      await ready();
      const header = encodeHeader({
        key,
        contentType: variant.contentType,
        length: variant.bytes.byteLength,
      });
      const size = header.length + variant.bytes.byteLength;
      // One entry that cannot fit would evict everything else and then itself.
      if (size > maxBytes) return;

      const final = fileFor(id);
      const temp = path.join(path.dirname(final), `.${path.basename(final)}.${randomUUID()}.tmp`);
      await fs.mkdir(path.dirname(final), { recursive: true });
      try {
        // One buffer: writeFile loops over partial writes, writev does not. Variants are small.
        await fs.writeFile(temp, Buffer.concat([header, variant.bytes]), { flag: 'wx' });
        await fs.rename(temp, final);
      } catch (error) {
        await unlinkQuietly(temp);
        throw error;
      }
      remember(id, { size, persistedAccess: Date.now() });
      await evictOverflow();
    },

    async deleteBySource(storagePath) {
      await ready();
      const sourceHash = sha256(storagePath);
      for (const id of [...(bySource.get(sourceHash) ?? [])]) forget(id);
      await fs.rm(path.join(dir, sourceHash), { recursive: true, force: true, maxRetries: 3 });
    },
  };
}
