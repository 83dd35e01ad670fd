import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CachedVariant } from './types';
import { createVariantCache, sourcePathOfKey } from './variant-cache';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const fileOf = (dir: string, key: string) => path.join(dir, sha256(sourcePathOfKey(key)), sha256(key));

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

describe('sourcePathOfKey', () => {
  it('is everything before the last slash', () => {
    expect(sourcePathOfKey('g/abc.jpg/w-640,q-75.avif')).toBe('g/abc.jpg');
    expect(() => sourcePathOfKey('no-slash')).toThrow(TypeError);
    expect(() => sourcePathOfKey('g/abc.jpg/')).toThrow(TypeError);
  });
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
    expect(await cache.stats()).toMatchObject({ entries: 1, hits: 1, misses: 1, maxBytes: 1_000_000 });
    // Hashed names under a per-source directory, and no temp file left behind.
    expect(await fs.readdir(path.dirname(fileOf(dir, key)))).toEqual([sha256(key)]);
  });

  it('overwrites an entry without counting it twice', async () => {
    const cache = createVariantCache({ dir, maxBytes: 1_000_000 });
    await cache.put('g/a.jpg/w-320,q-75.webp', variant(1000));
    const before = (await cache.stats()).bytes;
    await cache.put('g/a.jpg/w-320,q-75.webp', variant(1000, 9, 'image/webp'));
    expect(await cache.stats()).toMatchObject({ entries: 1, bytes: before });
    expect((await cache.get('g/a.jpg/w-320,q-75.webp'))?.contentType).toBe('image/webp');
  });

  it('survives a restart: a new instance on the same directory sees the entries', async () => {
    const first = createVariantCache({ dir, maxBytes: 1_000_000 });
    await first.put('g/a.jpg/w-640,q-75.avif', variant(500, 1));
    await first.put('g/b.png/w-320,q-75,r-4x5.png', variant(700, 2, 'image/png'));
    const { bytes } = await first.stats();

    const second = createVariantCache({ dir, maxBytes: 1_000_000 });
    expect(await second.stats()).toMatchObject({ entries: 2, bytes });
    const got = await second.get('g/b.png/w-320,q-75,r-4x5.png');
    expect(got?.contentType).toBe('image/png');
    expect(got?.bytes.length).toBe(700);
  });

  it('evicts the least recently used entries beyond maxBytes', async () => {
    // Each entry is 1000 body bytes plus a ~80-byte header: three fit in 3500, four do not.
    const cache = createVariantCache({ dir, maxBytes: 3500 });
    await cache.put('g/s.jpg/a.avif', variant(1000));
    await cache.put('g/s.jpg/b.avif', variant(1000));
    await cache.put('g/s.jpg/c.avif', variant(1000));
    expect(await cache.get('g/s.jpg/a.avif')).not.toBeNull(); // a is now more recent than b
    await cache.put('g/s.jpg/d.avif', variant(1000));

    expect(await cache.has('g/s.jpg/b.avif')).toBe(false);
    for (const key of ['a', 'c', 'd']) expect(await cache.has(`g/s.jpg/${key}.avif`)).toBe(true);
    await expect(fs.access(fileOf(dir, 'g/s.jpg/b.avif'))).rejects.toThrow();
    const stats = await cache.stats();
    expect(stats).toMatchObject({ entries: 3, evictions: 1 });
    expect(stats.bytes).toBeLessThanOrEqual(3500);
  });

  it('rebuilds recency from file times after a restart, and applies a smaller bound', async () => {
    const first = createVariantCache({ dir, maxBytes: 1_000_000 });
    await first.put('g/s.jpg/x.avif', variant(1000));
    await first.put('g/s.jpg/y.avif', variant(1000));
    // Written x then y, but the file times say y was last used before x.
    const now = Date.now() / 1000;
    await fs.utimes(fileOf(dir, 'g/s.jpg/x.avif'), now - 100, now - 100);
    await fs.utimes(fileOf(dir, 'g/s.jpg/y.avif'), now - 200, now - 200);

    const second = createVariantCache({ dir, maxBytes: 1500 });
    expect(await second.has('g/s.jpg/y.avif')).toBe(false);
    expect(await second.has('g/s.jpg/x.avif')).toBe(true);
    expect(await second.stats()).toMatchObject({ entries: 1, evictions: 1 });
  });

  it('does not store a single entry larger than the whole cache', async () => {
    const cache = createVariantCache({ dir, maxBytes: 500 });
    await cache.put('g/s.jpg/small.avif', variant(100));
    await cache.put('g/s.jpg/huge.avif', variant(1000));
    expect(await cache.has('g/s.jpg/huge.avif')).toBe(false);
    expect(await cache.has('g/s.jpg/small.avif')).toBe(true);
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
    expect(await cache.stats()).toMatchObject({ entries: 1 });
    // And it stays purged after a restart.
    expect(await createVariantCache({ dir, maxBytes: 1_000_000 }).stats()).toMatchObject({ entries: 1 });
  });

  it('deletes by key prefix (keys read back from headers after a restart) or everything', async () => {
    const first = createVariantCache({ dir, maxBytes: 1_000_000 });
    await first.put('g/a.jpg/w-640,q-75.avif', variant(100));
    await first.put('g/a.jpg/w-640,q-80.avif', variant(100));
    await first.put('g/ab.jpg/w-640,q-75.avif', variant(100));

    const cache = createVariantCache({ dir, maxBytes: 1_000_000 });
    expect(await cache.delete('g/a.jpg/w-640,q-7')).toBe(1);
    expect(await cache.has('g/a.jpg/w-640,q-75.avif')).toBe(false);
    expect(await cache.has('g/a.jpg/w-640,q-80.avif')).toBe(true);
    expect(await cache.delete()).toBe(2);
    expect(await cache.stats()).toMatchObject({ entries: 0, bytes: 0 });
    expect(await fs.readdir(dir)).toEqual([]);
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
    expect(await cache.stats()).toMatchObject({ entries: 0, bytes: 0 });
  });

  it('refuses keys without a source path and content types that cannot be headers', async () => {
    const cache = createVariantCache({ dir, maxBytes: 1_000_000 });
    await expect(cache.put('no-source', variant(10))).rejects.toThrow(TypeError);
    await expect(cache.put('g/a.jpg/x.avif', variant(10, 1, 'image/avif\r\nSet-Cookie: x'))).rejects.toThrow(
      TypeError,
    );
    expect(() => createVariantCache({ dir, maxBytes: 0 })).toThrow(RangeError);
  });

  it('does not touch the disk until first used', async () => {
    const lazy = path.join(dir, 'not-yet');
    const cache = createVariantCache({ dir: lazy, maxBytes: 1000 });
    await expect(fs.access(lazy)).rejects.toThrow();
    await cache.stats();
    await fs.access(lazy);
  });
});
