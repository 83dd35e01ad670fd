import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/lib/db/client';
import { idempotencyKeys } from '@/lib/db/schema';
import { describeEachDatabase, openTestDatabase } from '@/tests/support/test-databases';
import { defaultIdempotencyTiming, forgetOldIdempotencyKeys, oncePerKey } from './idempotency';

const made = (generationId: string) => async () => ({ generationId });
const replayed = async (generationId: string) => ({ generationId: `replayed ${generationId}` });
const id = (n: number) => `01900000-0000-7000-8000-${String(n).padStart(12, '0')}`;

describeEachDatabase('Idempotency-Key claims', (kind) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase(kind);
  }, 60_000);
  afterAll(() => handle?.close());

  const claim = (key: string, ageMs: number, generationId: string | null = null) =>
    handle.db.insert(idempotencyKeys).values({
      caller: 'token:t',
      key,
      fingerprint: 'f',
      generationId,
      createdAt: sql`now() - make_interval(secs => ${ageMs / 1000})` as unknown as string,
    });

  it('a claim whose request died is taken over once it is stale; a fresh one is waited for, then 409', async () => {
    await claim('died', defaultIdempotencyTiming.staleMs + 60_000);
    expect(
      await oncePerKey(
        handle.db,
        { caller: 'token:t', key: 'died', fingerprint: 'f' },
        made(id(1)),
        replayed,
      ),
    ).toEqual({
      generationId: id(1),
    });
    // The claim now names what was made: a retry gets it.
    expect(
      await oncePerKey(
        handle.db,
        { caller: 'token:t', key: 'died', fingerprint: 'f' },
        made(id(2)),
        replayed,
      ),
    ).toEqual({
      generationId: `replayed ${id(1)}`,
    });

    await claim('running', 1_000);
    const started = Date.now();
    await expect(
      oncePerKey(handle.db, { caller: 'token:t', key: 'running', fingerprint: 'f' }, made(id(3)), replayed, {
        ...defaultIdempotencyTiming,
        waitMs: 300,
        pollMs: 50,
      }),
    ).rejects.toMatchObject({ status: 409, headers: { 'Retry-After': '5' } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it('one caller’s key is not another’s', async () => {
    expect(
      await oncePerKey(handle.db, { caller: 'token:a', key: 'k', fingerprint: 'f' }, made(id(4)), replayed),
    ).toEqual({
      generationId: id(4),
    });
    expect(
      await oncePerKey(handle.db, { caller: 'token:b', key: 'k', fingerprint: 'g' }, made(id(5)), replayed),
    ).toEqual({
      generationId: id(5),
    });
  });

  it('keys are forgotten after a day', async () => {
    await claim('old', defaultIdempotencyTiming.keepMs + 60_000, id(6));
    await claim('young', 60_000, id(7));
    expect(await forgetOldIdempotencyKeys(handle.db)).toBe(1);
    const left = await handle.db.select({ key: idempotencyKeys.key }).from(idempotencyKeys);
    expect(left.map((row) => row.key)).toContain('young');
    expect(left.map((row) => row.key)).not.toContain('old');
  });
});
