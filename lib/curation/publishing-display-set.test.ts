import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFsObjectStore } from '@/lib/storage/fs-object-store';
import type { ObjectStore } from '@/lib/storage/object-store';
import { installTestAppServices, type TestAppServices } from '@/tests/support/test-app-services';
import { fixtureGeneration, insertGenerations } from '@/tests/support/test-fixtures';
import { findGeneration } from './generation-record';
import { unpublishGeneration } from './take-down';

describe('unpublish when removing the stored display set fails', () => {
  let services: TestAppServices;
  let failures = 0;
  const row = fixtureGeneration({ width: 400 });
  const member = `v/${row.storageKey}/w-320,q-75.avif`;

  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-unpublish-set-'));
    const real = createFsObjectStore(path.join(dir, 'public'));
    // The bucket refuses listings under v/ once, as an outage would.
    const flaky: ObjectStore = {
      put: (key, body, options) => real.put(key, body, options),
      get: (key) => real.get(key),
      head: (key) => real.head(key),
      delete: (key) => real.delete(key),
      copy: (from, to) => real.copy(from, to),
      list: (prefix) => {
        if (prefix.startsWith('v/') && failures++ === 0) throw new Error('the bucket is unreachable');
        return real.list(prefix);
      },
    };
    services = await installTestAppServices({
      stores: { public: flaky, private: createFsObjectStore(path.join(dir, 'private')) },
    });
    await insertGenerations(services.handle.db, [row]);
    await flaky.put(row.storageKey, new Uint8Array([1, 2, 3]), { contentType: 'image/jpeg' });
    await flaky.put(member, new Uint8Array([1, 2, 3]), { contentType: 'image/avif' });
  });
  afterAll(() => services?.close());

  it('still unpublishes and purges, and removes the set in the background once the store answers', async () => {
    const change = await unpublishGeneration(await services.curation(), row.id);
    expect(change).toMatchObject({ generation: { status: 'unpublished' }, cdnPurge: 'purged' });
    expect((await findGeneration(services.handle.db, row.id))?.status).toBe('unpublished');
    expect(await services.stores.public.head(row.storageKey)).toBeNull();
    expect(failures).toBe(1);
    // The first retry comes 2 s later.
    const deadline = Date.now() + 15_000;
    while ((await services.stores.public.head(member)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await services.stores.public.head(member)).toBeNull();
  });
});
