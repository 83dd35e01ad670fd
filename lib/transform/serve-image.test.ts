import { describe, expect, it } from 'vitest';
import type { ImageRequestInput } from '@/lib/image-guard/plan';
import { StorageTimeoutError } from '@/lib/storage/read-object';
import { answerImageRequest } from './serve-image';
import { PoolSaturatedError } from './transform-pool';
import { StoredVariantMismatchError, TooManyMissesError, type VariantService } from './variant-service';

const input: ImageRequestInput = {
  method: 'GET',
  pathname: `/i/w-640/g/${'a'.repeat(64)}.jpg`,
  accept: 'image/avif',
  referer: null,
  userAgent: null,
};

/** A variant service whose answer is `outcome` (the error mapping is what is under test). */
function serviceThat(outcome: () => Promise<never>): Pick<VariantService, 'getVariant'> {
  return { getVariant: outcome };
}

describe('answerImageRequest: how failures are answered', () => {
  it.each([
    ['the pool is full', () => Promise.reject(new PoolSaturatedError(2)), 503, '2'],
    ['the client is over its budget of misses', () => Promise.reject(new TooManyMissesError(3)), 429, '3'],
    ['the source read stalled', () => Promise.reject(new StorageTimeoutError('g/a.jpg', 10)), 504, null],
    ['a transform failed', () => Promise.reject(new Error('vips: corrupt')), 500, null],
    [
      'the stored variant is another format',
      () =>
        Promise.reject(
          new StoredVariantMismatchError('v/g/a.jpg/w-640,q-75.avif', 'image/webp', 'image/avif'),
        ),
      500,
      null,
    ],
  ])('%s → %d, no-store', async (_, outcome, status, retryAfter) => {
    const answer = await answerImageRequest(input, serviceThat(outcome), { address: '203.0.113.9' });
    expect(answer.status).toBe(status);
    expect(answer.headers['Cache-Control']).toBe('no-store');
    expect(answer.headers['Retry-After'] ?? null).toBe(retryAfter);
  });

  it('answers 504 at the deadline when the variant never comes', async () => {
    const started = performance.now();
    const hung = serviceThat(() => new Promise<never>(() => {}));
    const answer = await answerImageRequest(input, hung, { address: null, deadlineMs: 100 });
    expect(answer.status).toBe(504);
    expect(answer.headers['Cache-Control']).toBe('no-store');
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("hands the service the plan's stored key, and the client only when it is known", async () => {
    const seen: unknown[] = [];
    const service: Pick<VariantService, 'getVariant'> = {
      getVariant: async (_path, _key, _request, context) => {
        seen.push(context);
        return null;
      },
    };
    await answerImageRequest(input, service, { address: '203.0.113.9' });
    await answerImageRequest(input, service, { address: null });
    await answerImageRequest({ ...input, pathname: `/i/w-640,q-80/g/${'a'.repeat(64)}.jpg` }, service, {
      address: null,
    });
    const storedKey = `v/g/${'a'.repeat(64)}.jpg/w-640,q-75.avif`;
    expect(seen).toEqual([{ storedKey, client: '203.0.113.9' }, { storedKey }, { storedKey: null }]);
  });

  it('checks the Referer against ALLOWED_HOSTS like the Worker, before any work', async () => {
    const calls: string[] = [];
    const service: Pick<VariantService, 'getVariant'> = {
      getVariant: async (path) => {
        calls.push(path);
        return null;
      },
    };
    const options = { address: null, allowedHosts: ['vitrine.example'] };
    const foreign = await answerImageRequest(
      { ...input, referer: 'https://evil.example/p' },
      service,
      options,
    );
    const own = await answerImageRequest({ ...input, referer: 'https://vitrine.example/' }, service, options);
    expect([foreign.status, own.status]).toEqual([403, 404]);
    expect(calls).toHaveLength(1);
  });
});
