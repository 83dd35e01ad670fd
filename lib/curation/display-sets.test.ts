import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { DatabaseHandle } from '@/lib/db/client';
import { generations } from '@/lib/db/schema';
import { createFsObjectStore } from '@/lib/storage/fs-object-store';
import { describeEachDatabase, openTestDatabase } from '@/tests/support/test-databases';
import { fixtureGeneration, insertGenerations } from '@/tests/support/test-fixtures';
import {
  countPublicSources,
  countStoredVariants,
  publicSources,
  pruneDisplaySets,
  verifyDisplaySets,
} from './display-sets';

/** A set spelled out by hand: widths × formats, as `v/<path>/w-<w>,q-75.<format>`. */
function setOf(storagePath: string, widths: number[], formats: string[]): string[] {
  return widths.flatMap((width) => formats.map((format) => `v/${storagePath}/w-${width},q-75.${format}`));
}

describeEachDatabase('verifyDisplaySets and pruneDisplaySets', (kind) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-dsets-'));
  const store = createFsObjectStore(dir);
  let handle: DatabaseHandle;
  // 1024 wide: w320, w640, w960, and w1280 at its own width. A scale row shows the same image.
  const photo = fixtureGeneration({ width: 1024 });
  const scaleRow = fixtureGeneration({ storageKey: photo.storageKey, sha256: photo.sha256, synthetic: true });
  const alpha = fixtureGeneration({ format: 'png', width: 700 });
  const withdrawn = fixtureGeneration({ status: 'unpublished', publishedAt: null, width: 300 });
  alpha.storageKey = `g/${alpha.sha256}.png`;
  const photoSet = setOf(photo.storageKey, [320, 640, 960, 1280], ['avif', 'webp', 'jpeg']);
  const alphaSet = setOf(alpha.storageKey, [320, 640, 960], ['avif', 'webp', 'png']);
  const withdrawnSet = setOf(withdrawn.storageKey, [320], ['avif', 'webp', 'jpeg']);
  const unneeded = [
    ...withdrawnSet,
    // Of a public row, but in no set: another quality, two rungs above the source.
    `v/${photo.storageKey}/w-640,q-50.avif`,
    `v/${photo.storageKey}/w-1920,q-75.avif`,
    // Nothing writes this.
    'v/notes.txt',
  ];
  const deletedMember = `v/${photo.storageKey}/w-640,q-75.webp`;
  const later = () => Date.now() + 2 * 3600 * 1000;

  async function keys(prefix: string): Promise<string[]> {
    const found: string[] = [];
    for await (const object of store.list(prefix)) found.push(object.key);
    return found.sort();
  }

  beforeAll(async () => {
    handle = await openTestDatabase(kind);
    await insertGenerations(handle.db, [photo, scaleRow, alpha, withdrawn]);
    for (const key of [...photoSet, ...alphaSet, ...unneeded, photo.storageKey]) {
      await store.put(key, new Uint8Array([1, 2, 3]), { contentType: 'image/avif' });
    }
    await store.delete(deletedMember);
  });
  afterAll(async () => {
    await handle?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('verify names the member missing from a public row’s set, once per source', async () => {
    expect(await countPublicSources(handle.db)).toBe(2);
    const checked: string[] = [];
    const result = await verifyDisplaySets(handle.db, store, {
      onChecked: (source) => checked.push(source.storagePath),
    });
    expect(checked.sort()).toEqual([photo.storageKey, alpha.storageKey].sort());
    expect(result.checked).toBe(2);
    expect(
      result.incomplete.map(({ source, missing }) => ({ source, missing: missing.map((m) => m.storedKey) })),
    ).toEqual([
      {
        source: {
          storagePath: photo.storageKey,
          width: 1024,
          rows: 2,
          generationId: [photo.id, scaleRow.id].sort()[0],
        },
        missing: [deletedMember],
      },
    ]);
  });

  it('walks the public sources page by page, each once, however many rows show it', async () => {
    const extra = fixtureGeneration({ storageKey: `g/${'9'.repeat(64)}.jpg`, width: 320, status: 'public' });
    await insertGenerations(handle.db, [extra]);
    const walked: string[] = [];
    for await (const source of publicSources(handle.db, 1))
      walked.push(`${source.storagePath} ${source.rows}`);
    expect(walked).toEqual(
      [`${photo.storageKey} 2`, `${alpha.storageKey} 1`, `${extra.storageKey} 1`].sort(),
    );
    await handle.db.delete(generations).where(eq(generations.id, extra.id));
  });

  it('prune keeps what is young, then removes exactly what no public row needs', async () => {
    const before = await keys('v/');
    expect(await pruneDisplaySets(handle.db, store)).toEqual({
      listed: before.length,
      removed: [],
      keptYoung: unneeded.length,
    });
    expect(await keys('v/')).toEqual(before);

    expect(await countStoredVariants(store)).toBe(before.length);
    const listed: number[] = [];
    const result = await pruneDisplaySets(handle.db, store, {
      now: later(),
      onListed: (n) => listed.push(n),
    });
    expect({ ...result, removed: [...result.removed].sort() }).toEqual({
      listed: before.length,
      removed: [...unneeded].sort(),
      keptYoung: 0,
    });
    expect(listed).toEqual([before.length]);
    expect(await keys('v/')).toEqual(
      [...photoSet.filter((key) => key !== deletedMember), ...alphaSet].sort(),
    );
    // The published original is no business of the prune.
    expect(await keys('g/')).toEqual([photo.storageKey]);
  });

  it('verify sees a complete store once the member is back', async () => {
    await store.put(deletedMember, new Uint8Array([1]), { contentType: 'image/webp' });
    expect(await verifyDisplaySets(handle.db, store)).toEqual({ checked: 2, incomplete: [] });
  });
});
