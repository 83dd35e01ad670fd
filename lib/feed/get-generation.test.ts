import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/lib/db/client';
import { describeEachDatabase, openTestDatabase } from '@/tests/support/test-databases';
import { fixtureGeneration, insertGenerations } from '@/tests/support/test-fixtures';
import { queryPublicGeneration } from './get-generation';

describeEachDatabase('queryPublicGeneration', (kind) => {
  let handle: DatabaseHandle;
  const published = fixtureGeneration({
    prompt: 'a lighthouse in fog',
    negativePrompt: 'blurry',
    publishedAt: '2026-04-01T08:30:00.123456Z',
    seed: 424242,
    // What a tool wrote: only steps, sampler and CFG leave the database.
    params: { steps: 28, sampler: 'Euler a', cfgScale: 6.5, workflow: { nodes: [] }, demoSeed: 9 },
  });
  const draft = fixtureGeneration({ status: 'draft', publishedAt: null });

  beforeAll(async () => {
    handle = await openTestDatabase(kind);
    await insertGenerations(handle.db, [published, draft]);
  });
  afterAll(() => handle?.close());

  it('returns a published generation with its detail fields and exact timestamp', async () => {
    expect(await queryPublicGeneration(handle.db, published.id!)).toEqual({
      id: published.id,
      src: published.storageKey,
      width: 1024,
      height: 1536,
      blurhash: published.blurhash,
      prompt: 'a lighthouse in fog',
      negativePrompt: 'blurry',
      model: 'Test Model',
      author: 'tester',
      rating: 'general',
      publishedAt: '2026-04-01T08:30:00.123456Z',
      parameters: { seed: '424242', steps: 28, sampler: 'Euler a', cfgScale: 6.5 },
    });
  });

  it.each([
    ['a draft', () => draft.id!],
    ['an unknown id', () => '01890000-0000-7000-8000-000000000000'],
    ['a malformed id', () => 'not-a-uuid'],
    ['an SQL-looking id', () => "' or 1=1 --"],
    ['an empty id', () => ''],
  ])('answers %s with null, never an error', async (_label, id) => {
    expect(await queryPublicGeneration(handle.db, id())).toBeNull();
  });
});
