import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '@/lib/db/client';
import { privateOriginalKey } from '@/lib/images/storage-keys';
import { createFsObjectStore } from '@/lib/storage/fs-object-store';
import { fixtureGeneration, insertGenerations } from '@/tests/support/test-fixtures';
import { sweepOrphans } from './sweep-orphans';

describe('sweepOrphans', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-sweep-'));
  const stores = {
    public: createFsObjectStore(path.join(dir, 'public')),
    private: createFsObjectStore(path.join(dir, 'private')),
  };
  let handle: DatabaseHandle;
  const published = fixtureGeneration();
  const draft = fixtureGeneration({ status: 'draft', publishedAt: null });
  const originalOf = (row: typeof published) => privateOriginalKey({ sha256: row.sha256, extension: 'jpg' });
  const orphan = privateOriginalKey({ sha256: 'f'.repeat(64), extension: 'jpg' });
  const bytes = new Uint8Array([1, 2, 3]);
  const publicMember = `v/${published.storageKey}/w-640,q-75.avif`;
  const put = (store: 'public' | 'private', key: string) =>
    stores[store].put(key, bytes, { contentType: 'image/jpeg' });
  const keys = async (store: 'public' | 'private') => {
    const found: string[] = [];
    for await (const object of stores[store].list('')) found.push(object.key);
    return found.sort();
  };

  beforeAll(async () => {
    handle = await openDatabase({ kind: 'pglite' });
    await insertGenerations(handle.db, [published, draft]);
    // What an interrupted upload leaves (an original, no row), and an interrupted unpublish (a public
    // copy, no public row), beside objects that rows need.
    await put('private', originalOf(published));
    await put('private', originalOf(draft));
    await put('private', orphan);
    // Not a content address: no upload wrote it, so no row claims it.
    await put('private', 'originals/notes.txt');
    await put('public', published.storageKey);
    await put('public', draft.storageKey);
    // Display variants: the public row's (kept: each listing is judged by its own prefix's rules), one
    // of the draft's (its publish job had begun), and a key nothing writes.
    await put('public', publicMember);
    await put('public', `v/${draft.storageKey}/w-320,q-75.avif`);
    await put('public', 'v/notes.txt');
  });
  afterAll(async () => {
    await handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps everything younger than the grace period (an upload may be writing its row)', async () => {
    expect(await sweepOrphans(handle.db, stores)).toEqual({
      privateRemoved: [],
      publicRemoved: [],
      displayVariantsRemoved: [],
    });
  });

  it('removes, once old enough, the originals no row points at, and the public copies and display variants of rows that are not public', async () => {
    const later = Date.now() + 2 * 3600 * 1000;
    expect(await sweepOrphans(handle.db, stores, later)).toEqual({
      privateRemoved: [orphan, 'originals/notes.txt'],
      publicRemoved: [draft.storageKey],
      displayVariantsRemoved: [`v/${draft.storageKey}/w-320,q-75.avif`, 'v/notes.txt'],
    });
    expect(await keys('public')).toEqual([published.storageKey, publicMember]);
    expect(await keys('private')).toEqual([originalOf(published), originalOf(draft)].sort());
  });
});
