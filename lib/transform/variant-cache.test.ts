import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LadderWidth, OutputFormat } from '@/lib/images/ladder';
import { variantKey, variantSourcePath } from '@/lib/images/storage-keys';
import type { CachedVariant } from './types';
import { createVariantCache } from './variant-cache';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const fileOf = (dir: string, key: string) => path.join(dir, sha256(variantSourcePath(key)), sha256(key));
/** A variant key of `source` (lib/images/storage-keys.ts): only the width and format vary here. */
const keyOf = (source: string, width: LadderWidth, format: OutputFormat = 'avif') =>
  variantKey(source, { width, quality: 75, ratio: null }, format);
const [a, b, c, d] = ([320, 640, 960, 1280] as const).map((width) => keyOf('g/s.jpg', width));

/** What the cache holds, read from the disk: one file per entry, named by hashes (temp files aside). */
async function onDisk(root: string): Promise<{ entries: number; bytes: number }> {
  let entries = 0;
  let bytes = 0;
  for (const source of await fs.readdir(root).catch(() => [])) {
    for (const name of await fs.readdir(path.join(root, source))) {
      if (!/^[0-9a-f]{64}$/.test(name)) continue;
      entries++;
      bytes += (await fs.stat(path.join(root, source, name))).size;
    }
  }
  return { entries, bytes };
}

function variant(size: number, fill = 1, contentType = 'image/avif'): CachedVariant {
  return { bytes: new Uint8Array(size).fill(fill), contentType };
}

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'variant-cache-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('createVariantCache', () => {
  it('round-trips bytes and content type; misses are null', async () => {
    const cache = createVariantCache({ dir, maxBytes: 1_000_000 });
    const key = 'g/abc.jpg/w-640,q-75.avif';
    expect(await cache.get(key)).toBeNull();
    await cache.put(key, variant(1234, 7, 'image/avif'));
    const got = await cache.get(key);
    expect(got?.contentType).toBe('image/avif');
    expect(Buffer.from(got!.bytes).equals(Buffer.from(variant(1234, 7).bytes))).toBe(true);
    expect(await cache.has(key)).toBe(true);
    expect(await onDisk(dir)).toMatchObject({ entries: 1 });
    // Hashed names under a per-source directory, and no temp file left behind.
    expect(await fs.readdir(path.dirname(fileOf(dir, key)))).toEqual([sha256(key)]);
  });

  it('overwrites an entry without counting it twice', async () => {
    // Each entry is 1000 body bytes plus a ~80-byte header: three fit in 3500, four do not.
    const cache = createVariantCache({ dir, maxBytes: 3500 });
    await cache.put(a!, variant(1000));
    const before = await onDisk(dir);
    await cache.put(a!, variant(1000, 9, 'image/webp'));
    expect(await onDisk(dir)).toEqual(before);
    expect(before.entries).toBe(1);
    expect((await cache.get(a!))?.contentType).toBe('image/webp');
    // Counted once: two more entries still fit beside it.
    await cache.put(b!, variant(1000));
    await cache.put(c!, variant(1000));
    for (const key of [a!, b!, c!]) expect(await cache.has(key)).toBe(true);
    expect(await onDisk(dir)).toMatchObject({ entries: 3 });
  });

  it('survives a restart: a new instance on the same directory sees the entries', async () => {
    const first = createVariantCache({ dir, maxBytes: 1_000_000 });
    await first.put('g/a.jpg/w-640,q-75.avif', variant(500, 1));
    await first.put('g/b.png/w-320,q-75,r-4x5.png', variant(700, 2, 'image/png'));

    const second = createVariantCache({ dir, maxBytes: 1_000_000 });
    expect(await second.has('g/a.jpg/w-640,q-75.avif')).toBe(true);
    const got = await second.get('g/b.png/w-320,q-75,r-4x5.png');
    expect(got?.contentType).toBe('image/png');
    expect(got?.bytes.length).toBe(700);
  });

  it('evicts the least recently used entries beyond maxBytes', async () => {
    // Each entry is 1000 body bytes plus a ~80-byte header: three fit in 3500, four do not.
    const cache = createVariantCache({ dir, maxBytes: 3500 });
    await cache.put(a!, variant(1000));
    await cache.put(b!, variant(1000));
    await cache.put(c!, variant(1000));
    expect(await cache.get(a!)).not.toBeNull(); // a is now more recent than b
    await cache.put(d!, variant(1000));

    expect(await cache.has(b!)).toBe(false);
    for (const key of [a!, c!, d!]) expect(await cache.has(key)).toBe(true);
    await expect(fs.access(fileOf(dir, b!))).rejects.toThrow();
    const stored = await onDisk(dir);
    expect(stored.entries).toBe(3);
    expect(stored.bytes).toBeLessThanOrEqual(3500);
  });

  it('rebuilds recency from file times after a restart, and applies a smaller bound', async () => {
    const first = createVariantCache({ dir, maxBytes: 1_000_000 });
    const [x, y] = [a!, b!];
    await first.put(x, variant(1000));
    await first.put(y, variant(1000));
    // Written x then y, but the file times say y was last used before x.
    const now = Date.now() / 1000;
    await fs.utimes(fileOf(dir, x), now - 100, now - 100);
    await fs.utimes(fileOf(dir, y), now - 200, now - 200);

    const second = createVariantCache({ dir, maxBytes: 1500 });
    expect(await second.has(y)).toBe(false);
    expect(await second.has(x)).toBe(true);
    expect(await onDisk(dir)).toMatchObject({ entries: 1 });
    await expect(fs.access(fileOf(dir, y))).rejects.toThrow();
  });

  it('does not store a single entry larger than the whole cache', async () => {
    const cache = createVariantCache({ dir, maxBytes: 500 });
    await cache.put(a!, variant(100));
    await cache.put(b!, variant(1000));
    expect(await cache.has(b!)).toBe(false);
    expect(await cache.has(a!)).toBe(true);
    expect(await onDisk(dir)).toMatchObject({ entries: 1 });
  });

  it('purges every variant of one source and nothing else', async () => {
    const cache = createVariantCache({ dir, maxBytes: 1_000_000 });
    await cache.put('g/a.jpg/w-640,q-75.avif', variant(100));
    await cache.put('g/a.jpg/w-1280,q-75.webp', variant(100));
    await cache.put('g/b.jpg/w-640,q-75.avif', variant(100));
    await cache.deleteBySource('g/a.jpg');

    expect(await cache.get('g/a.jpg/w-640,q-75.avif')).toBeNull();
    expect(await cache.get('g/a.jpg/w-1280,q-75.webp')).toBeNull();
    expect(await cache.get('g/b.jpg/w-640,q-75.avif')).not.toBeNull();
    await expect(fs.access(path.join(dir, sha256('g/a.jpg')))).rejects.toThrow();
    expect(await onDisk(dir)).toMatchObject({ entries: 1 });
    // And it stays purged after a restart.
    const restarted = createVariantCache({ dir, maxBytes: 1_000_000 });
    expect(await restarted.has('g/a.jpg/w-640,q-75.avif')).toBe(false);
    expect(await restarted.has('g/b.jpg/w-640,q-75.avif')).toBe(true);
  });

  it('treats a damaged file as a miss and removes it; cleans up crash leftovers on start', async () => {
    const first = createVariantCache({ dir, maxBytes: 1_000_000 });
    await first.put('g/a.jpg/w-640,q-75.avif', variant(1000));
    const file = fileOf(dir, 'g/a.jpg/w-640,q-75.avif');
    await fs.truncate(file, 500); // a write cut short
    const leftover = path.join(path.dirname(file), '.deadbeef.1234.tmp');
    await fs.writeFile(leftover, 'partial');

    const cache = createVariantCache({ dir, maxBytes: 1_000_000 });
    expect(await cache.get('g/a.jpg/w-640,q-75.avif')).toBeNull();
    await expect(fs.access(file)).rejects.toThrow();
    await expect(fs.access(leftover)).rejects.toThrow();
    expect(await onDisk(dir)).toEqual({ entries: 0, bytes: 0 });
  });

  it('refuses strings that are not variant keys and content types that cannot be headers', async () => {
    const cache = createVariantCache({ dir, maxBytes: 1_000_000 });
    await expect(cache.put('no-source', variant(10))).rejects.toThrow(TypeError);
    await expect(cache.put('g/a.jpg/x.avif', variant(10))).rejects.toThrow(TypeError);
    await expect(cache.put(a!, variant(10, 1, 'image/avif\r\nSet-Cookie: x'))).rejects.toThrow(TypeError);
    expect(await onDisk(dir)).toEqual({ entries: 0, bytes: 0 });
    expect(() => createVariantCache({ dir, maxBytes: 0 })).toThrow(RangeError);
  });

  it('does not touch the disk until first used', async () => {
    const lazy = path.join(dir, 'not-yet');
    const cache = createVariantCache({ dir: lazy, maxBytes: 1000 });
    await expect(fs.access(lazy)).rejects.toThrow();
    await cache.has(a!);
    await fs.access(lazy);
  });
});
