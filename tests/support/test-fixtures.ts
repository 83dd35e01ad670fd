import type { Database } from '@/lib/db/client';
import { generations, type NewGeneration } from '@/lib/db/schema';
import { uuidV7 } from '@/lib/db/uuid-v7';

let counter = 0;

/** A complete generation row for tests; pass only what the test is about. */
export function fixtureGeneration(overrides: Partial<NewGeneration> = {}): NewGeneration {
  counter += 1;
  const sha256 = counter.toString(16).padStart(64, '0');
  return {
    id: uuidV7(),
    status: 'public',
    storageKey: `g/${sha256}.jpg`,
    sha256,
    width: 1024,
    height: 1536,
    blurhash: 'LEHV6nWB2yk8pyo0adR*.7kCMdnj',
    format: 'jpeg',
    bytes: 123_456,
    prompt: `test prompt ${counter}`,
    model: 'Test Model',
    author: 'tester',
    publishedAt: '2026-01-01T00:00:00.000000Z',
    ...overrides,
  };
}

export async function insertGenerations(db: Database, rows: NewGeneration[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await db.insert(generations).values(rows.slice(i, i + 500));
}
