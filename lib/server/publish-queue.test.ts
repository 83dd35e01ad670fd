import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, expect, it, vi } from 'vitest';
import type { CuratorGeneration } from '@/lib/curation/curator-generation';
import { generations } from '@/lib/db/schema';
import { displaySet } from '@/lib/image-guard/display-set';
import { immutableCacheControl } from '@/lib/image-guard/headers';
import { createFsObjectStore } from '@/lib/storage/fs-object-store';
import type { ObjectStore } from '@/lib/storage/object-store';
import { call, fileForm, newCuratorSession, waitUntilPublished } from '@/tests/support/curator-api';
import { installTestAppServices, type TestAppServices } from '@/tests/support/test-app-services';
import { describeEachDatabase, openTestDatabase } from '@/tests/support/test-databases';
import { jpeg } from '@/tests/support/test-images';
import { queueNames } from './publish-queue';

const contentTypes = { avif: 'image/avif', webp: 'image/webp', jpeg: 'image/jpeg', png: 'image/png' };

describeEachDatabase('the publish queue', (kind) => {
  let services: TestAppServices | undefined;
  let dir: string | undefined;

  afterEach(async () => {
    await services?.close();
    services = undefined;
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Test services over `kind` whose public store runs `onPut` before each variant is written. */
  async function setUp(onPut: (key: string) => Promise<void>, retries = 1) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-queue-'));
    const inner = createFsObjectStore(path.join(dir, 'public'));
    const publicStore: ObjectStore = {
      ...inner,
      async put(key, body, options) {
        if (key.startsWith('v/')) await onPut(key);
        return inner.put(key, body, options);
      },
    };
    services = await installTestAppServices({
      database: await openTestDatabase(kind),
      stores: { public: publicStore, private: createFsObjectStore(path.join(dir, 'private')) },
      publishQueue: {
        backfillAtStart: false,
        tuning: {
          publishRetries: retries,
          retryDelaySeconds: 1,
          retryDelayMaxSeconds: 1,
          pollingSeconds: 0.5,
        },
      },
    });
    const cookie = await newCuratorSession(services.handle.db, 'queue@example.com', 'a long enough password');
    const upload = await call('POST', '/api/generations', {
      cookie,
      body: fileForm(await jpeg(700, 500), 'q.jpg', { prompt: 'a queued publish', model: 'queue-model' }),
    });
    expect(upload.status).toBe(201);
    return { cookie, draft: (await upload.json()) as CuratorGeneration, inner };
  }

  async function statusOf(id: string) {
    const [row] = await services!.handle.db
      .select({ status: generations.status })
      .from(generations)
      .where(eq(generations.id, id));
    return row?.status;
  }

  async function storedVariants(store: ObjectStore, src: string): Promise<string[]> {
    const keys: string[] = [];
    for await (const object of store.list(`v/${src}/`)) keys.push(object.key);
    return keys.sort();
  }

  it('answers "publishing", and makes the row public only once every member of its display set is stored', async () => {
    const statusesAtPut: string[] = [];
    const { cookie, draft, inner } = await setUp(async () => {
      statusesAtPut.push(String(await statusOf(draftId)));
    });
    const draftId = draft.id;
    const members = displaySet(draft.src, draft.width);
    const publish = await call('POST', `/api/generations/${draft.id}/publish`, { cookie });
    expect(publish.status).toBe(200);
    const { generation } = (await publish.json()) as { generation: CuratorGeneration };
    expect(generation).toMatchObject({
      status: 'publishing',
      publishedAt: null,
      publishProgress: { done: 0, total: members.length },
    });
    const live = await waitUntilPublished(draft.id, cookie, 30_000);
    expect(live).toMatchObject({ status: 'public', publishProgress: null, publishError: null });
    // Every member was written while the row was still publishing: the feed never saw it without them.
    expect(statusesAtPut).toEqual(members.map(() => 'publishing'));
    expect(await storedVariants(inner, draft.src)).toEqual(members.map((m) => m.storedKey).sort());
    for (const member of members) {
      const info = await inner.head(member.storedKey);
      expect(info, member.storedKey).toMatchObject({
        contentType: contentTypes[member.format],
        cacheControl: immutableCacheControl,
      });
    }
    expect(services!.feedHeadChanges).toBe(1);
  }, 60_000);

  it('retries a job that keeps failing, then leaves the row failed with the reason, its public copy withdrawn', async () => {
    let refused = 0;
    const { cookie, draft, inner } = await setUp(async () => {
      refused++;
      throw new Error('the bucket refuses writes');
    }, 1);
    expect((await call('POST', `/api/generations/${draft.id}/publish`, { cookie })).status).toBe(200);
    const back = await waitUntilPublished(draft.id, cookie, 30_000);
    expect(back).toMatchObject({
      status: 'failed',
      publishedAt: null,
      publishError: 'the bucket refuses writes',
    });
    // The first attempt and one retry, each stopped at its first write.
    expect(refused).toBe(2);
    // Withdrawn right after the row is marked failed (lib/curation/display-set-jobs.ts, failPublishJob):
    // a poll that sees `failed` may come a moment before.
    await vi.waitFor(async () => expect(await inner.head(draft.src)).toBeNull(), { timeout: 5_000 });
    await vi.waitFor(async () => expect(await storedVariants(inner, draft.src)).toEqual([]), {
      timeout: 5_000,
    });
    const listed = await call('GET', '/api/generations?status=failed', { cookie });
    expect(((await listed.json()) as { items: CuratorGeneration[] }).items[0]?.publishError).toBe(
      'the bucket refuses writes',
    );
  }, 60_000);

  it('unpublishing a row that is publishing cancels its job and leaves nothing of its set', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started: () => void = () => undefined;
    const firstPut = new Promise<void>((resolve) => {
      started = resolve;
    });
    const { cookie, draft, inner } = await setUp(async () => {
      started();
      await held;
    });
    expect((await call('POST', `/api/generations/${draft.id}/publish`, { cookie })).status).toBe(200);
    await firstPut;
    const unpublished = await call('POST', `/api/generations/${draft.id}/unpublish`, { cookie });
    expect(unpublished.status).toBe(200);
    expect(await unpublished.json()).toMatchObject({ generation: { status: 'unpublished' }, cdnPurge: null });
    const job = await services!.publishQueue().then((queue) => queue.boss.findJobs(queueNames.publish, {}));
    expect(job.map((j) => j.state)).toEqual(['cancelled']);
    release();
    // The cancelled attempt stops (its claim is gone) and what it wrote goes with the row.
    await (await services!.publishQueue()).drained(['publish'], 20_000);
    const deadline = Date.now() + 15_000;
    while ((await storedVariants(inner, draft.src)).length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await storedVariants(inner, draft.src)).toEqual([]);
    expect(await statusOf(draft.id)).toBe('unpublished');
    expect(await inner.head(draft.src)).toBeNull();
  }, 60_000);
});
