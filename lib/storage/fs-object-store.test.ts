import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ObjectKeyConflictError } from './fs-files';
import { createFsObjectStore } from './fs-object-store';
import type { ListedObject, ObjectStore } from './object-store';
import { describeObjectStoreConformance } from '@/tests/support/object-store-conformance';

describeObjectStoreConformance('fs', async () => {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'vitrine-fs-store-'));
  return {
    store: createFsObjectStore(root),
    cleanup: () => fs.rm(root, { recursive: true, force: true }),
  };
});

async function keys(iterable: AsyncIterable<ListedObject>): Promise<string[]> {
  const result: string[] = [];
  for await (const item of iterable) result.push(item.key);
  return result;
}

async function text(store: ObjectStore, key: string): Promise<string | null> {
  const object = await store.get(key);
  return object ? new Response(object.body).text() : null;
}

const bytes = (value: string) => new TextEncoder().encode(value);

describe('fs object store specifics', () => {
  let root: string;
  let store: ObjectStore;

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'vitrine-fs-store-'));
    store = createFsObjectStore(root);
  });

  afterEach(async () => {
    vi.restoreAllMocks();
    await fs.rm(root, { recursive: true, force: true });
  });

  const tempFiles = () => fs.readdir(path.join(root, 'tmp'));

  it('keeps bytes at objects/<key> and a JSON sidecar at meta/<key>, with no temp files left', async () => {
    await store.put('g/abc.webp', bytes('pixels'), { contentType: 'image/webp', cacheControl: 'no-cache' });
    expect(await fs.readFile(path.join(root, 'objects', 'g', 'abc.webp'), 'utf8')).toBe('pixels');
    const meta = JSON.parse(await fs.readFile(path.join(root, 'meta', 'g', 'abc.webp'), 'utf8'));
    expect(meta).toEqual({
      contentType: 'image/webp',
      cacheControl: 'no-cache',
      size: 6,
      etag: 'd399848208da8b80a306af0fd62bb03f',
    });
    expect(await tempFiles()).toEqual([]);
  });

  it('touches no disk until the first write', async () => {
    const missingRoot = path.join(root, 'not-yet');
    const lazy = createFsObjectStore(missingRoot);
    expect(await lazy.head('g/a.jpg')).toBeNull();
    expect(await lazy.get('g/a.jpg')).toBeNull();
    expect(await keys(lazy.list(''))).toEqual([]);
    await lazy.delete('g/a.jpg');
    await expect(fs.stat(missingRoot)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('shows nothing of a put whose data rename fails, and leaves no temp or sidecar behind', async () => {
    const realRename = fs.rename;
    vi.spyOn(fs, 'rename').mockImplementation(async (from, to) => {
      if (String(to).includes(`${path.sep}objects${path.sep}`))
        throw Object.assign(new Error('EIO'), { code: 'EIO' });
      return realRename(from, to);
    });
    await expect(store.put('drafts/new.jpg', bytes('never'), { contentType: 'image/jpeg' })).rejects.toThrow(
      'EIO',
    );
    expect(await store.head('drafts/new.jpg')).toBeNull();
    expect(await store.get('drafts/new.jpg')).toBeNull();
    expect(await keys(store.list(''))).toEqual([]);
    await expect(fs.stat(path.join(root, 'meta', 'drafts', 'new.jpg'))).rejects.toMatchObject({
      code: 'ENOENT',
    });
    expect(await tempFiles()).toEqual([]);
  });

  it('keeps the old object and its metadata when an overwrite fails', async () => {
    await store.put('drafts/k.jpg', bytes('old'), { contentType: 'image/jpeg', cacheControl: 'no-store' });
    const realRename = fs.rename;
    vi.spyOn(fs, 'rename').mockImplementation(async (from, to) => {
      if (String(to).includes(`${path.sep}objects${path.sep}`))
        throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
      return realRename(from, to);
    });
    await expect(
      store.put('drafts/k.jpg', bytes('new bytes'), { contentType: 'image/png' }),
    ).rejects.toThrow();
    vi.restoreAllMocks();
    expect(await store.head('drafts/k.jpg')).toMatchObject({
      size: 3,
      contentType: 'image/jpeg',
      cacheControl: 'no-store',
    });
    expect(await text(store, 'drafts/k.jpg')).toBe('old');
    expect(await tempFiles()).toEqual([]);
  });

  it('never shows a half-written temp file left by a crash, and sweeps stale ones later', async () => {
    await store.put('g/a.jpg', bytes('complete'), { contentType: 'image/jpeg' });
    const stale = path.join(root, 'tmp', 'deadbeef.tmp');
    const fresh = path.join(root, 'tmp', 'inflight.tmp');
    await fs.writeFile(stale, 'half of an ima');
    await fs.writeFile(fresh, 'another process is writing this');
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await fs.utimes(stale, twoHoursAgo, twoHoursAgo);

    expect(await keys(store.list(''))).toEqual(['g/a.jpg']);

    const restarted = createFsObjectStore(root);
    expect(await keys(restarted.list(''))).toEqual(['g/a.jpg']);
    await restarted.put('g/b.jpg', bytes('b'), { contentType: 'image/jpeg' });
    expect(await tempFiles()).toEqual(['inflight.tmp']);
  });

  it('reports a key that would need a file and a folder at one path', async () => {
    await store.put('x/a', bytes('a'), { contentType: 'text/plain' });
    await expect(store.put('x/a/b', bytes('b'), { contentType: 'text/plain' })).rejects.toBeInstanceOf(
      ObjectKeyConflictError,
    );
    await store.put('y/c/d', bytes('d'), { contentType: 'text/plain' });
    await expect(store.put('y/c', bytes('c'), { contentType: 'text/plain' })).rejects.toBeInstanceOf(
      ObjectKeyConflictError,
    );
    expect(await keys(store.list(''))).toEqual(['x/a', 'y/c/d']);
    expect(await text(store, 'x/a')).toBe('a');
    expect(await store.head('y/c/d')).toMatchObject({ contentType: 'text/plain', size: 1 });
    expect(await tempFiles()).toEqual([]);
  });

  it('serves a file without a sidecar as octet-stream with no etag', async () => {
    await fs.mkdir(path.join(root, 'objects', 'g'), { recursive: true });
    await fs.writeFile(path.join(root, 'objects', 'g', 'by-hand.bin'), 'abc');
    expect(await store.head('g/by-hand.bin')).toMatchObject({
      size: 3,
      contentType: 'application/octet-stream',
    });
    expect((await store.head('g/by-hand.bin'))?.etag).toBeUndefined();
    expect(await text(store, 'g/by-hand.bin')).toBe('abc');
  });

  it('removes folders a delete leaves empty', async () => {
    await store.put('drafts/deep/er/a.jpg', bytes('a'), { contentType: 'image/jpeg' });
    await store.put('drafts/b.jpg', bytes('b'), { contentType: 'image/jpeg' });
    await store.delete('drafts/deep/er/a.jpg');
    expect(await fs.readdir(path.join(root, 'objects', 'drafts'))).toEqual(['b.jpg']);
    expect(await fs.readdir(path.join(root, 'meta', 'drafts'))).toEqual(['b.jpg']);
  });

  it('serves concurrent puts and deletes of sibling keys without losing any', async () => {
    const work = Array.from({ length: 40 }, (_, i) =>
      i % 2 === 0
        ? store.put(`burst/${i}.jpg`, bytes(String(i)), { contentType: 'image/jpeg' })
        : store
            .put(`burst/${i}.jpg`, bytes(String(i)), { contentType: 'image/jpeg' })
            .then(() => store.delete(`burst/${i}.jpg`)),
    );
    await Promise.all(work);
    const listed = await keys(store.list('burst/'));
    expect(listed).toHaveLength(20);
    for (const key of listed) expect(await store.head(key)).not.toBeNull();
  });
});
