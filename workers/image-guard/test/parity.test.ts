import { env, exports } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { type ParityCase, parityCases } from '../../../tests/support/parity-cases';
import { parseImagePath } from '../../../lib/image-guard/parse-path';
import { formatContentTypes } from '../../../lib/images/ladder';

const assetHost = 'https://assets.vitrine.example';
const originBytes = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
const storedBytes = new Uint8Array([8, 7, 6, 5]);

let fetchSpy: MockInstance<typeof fetch>;
beforeEach(() => {
  fetchSpy = vi.spyOn(globalThis, 'fetch');
});
afterEach(() => {
  vi.restoreAllMocks();
});

function storedContentType(c: ParityCase): string {
  return c.stored?.contentType ?? formatContentTypes[c.expected.transform?.format ?? 'jpeg'];
}

const workerCases = parityCases.filter((c) => !c.runtimes || c.runtimes.includes('worker'));

describe('parity table through the Worker (workerd)', () => {
  it('uses the test bindings', () => {
    expect(env.ALLOWED_HOSTS).toBe('vitrine.example,localhost');
    expect(env.ORIGIN_BASE_URL).toBe('https://originals.test');
  });

  it.each(workerCases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const format = c.expected.transform?.edgeFormat ?? c.expected.transform?.format ?? 'jpeg';
    const storedUrl =
      c.expected.storedKey === undefined ? null : `https://originals.test/${c.expected.storedKey}`;
    // The faked bucket: the case's stored object (when it has one) at its stored key, every other stored
    // key missing, and the original transformed as the case says.
    fetchSpy.mockImplementation(async (input) => {
      if (String(input).startsWith('https://originals.test/v/')) {
        if (!c.stored || String(input) !== storedUrl) return new Response('Not found', { status: 404 });
        return new Response(storedBytes, {
          status: c.stored.status ?? 200,
          headers: { 'Content-Type': storedContentType(c) },
        });
      }
      const headers = new Headers(c.origin?.headers);
      headers.set('Content-Type', c.origin?.contentType ?? formatContentTypes[format]);
      return new Response(originBytes, { status: c.origin?.status ?? 200, headers });
    });

    const headers = new Headers();
    if (c.accept !== null) headers.set('Accept', c.accept);
    if (c.referer) headers.set('Referer', c.referer);
    if (c.userAgent) headers.set('User-Agent', c.userAgent);
    const response = await exports.default.fetch(
      new Request(new URL(c.url, assetHost), { method: c.method ?? 'GET', headers }),
    );
    const body = new Uint8Array(await response.arrayBuffer());
    const servedFromStore = c.stored !== undefined && (c.stored.status ?? 200) === 200;

    expect(response.status).toBe(c.expected.status);
    const expectedHeaders = servedFromStore
      ? c.expected.headers
      : (c.expected.edgeHeaders ?? c.expected.headers);
    for (const [name, value] of Object.entries(expectedHeaders)) {
      expect({ [name]: response.headers.get(name) }).toEqual({ [name]: value });
    }
    if (c.expected.emptyBody) expect(body.byteLength).toBe(0);
    else if (c.expected.status === 200) expect(body).toEqual(servedFromStore ? storedBytes : originBytes);

    if (c.expected.transform === null) {
      expect(fetchSpy).not.toHaveBeenCalled();
      return;
    }
    const parsed = parseImagePath(new URL(c.url, assetHost).pathname);
    expect(parsed.ok).toBe(true);
    const storagePath = parsed.ok ? parsed.storagePath : '';
    const cacheTags = [`vitrine-${storagePath.replaceAll('/', '-')}`];
    const calls = [...fetchSpy.mock.calls];
    if (storedUrl !== null) {
      // The stored object first, through the zone cache, with no image options at all.
      expect(calls.shift()).toEqual([storedUrl, { method: 'GET', cf: { cacheEverything: true, cacheTags } }]);
      if (c.stored) {
        expect(calls).toEqual([]);
        return;
      }
    }
    expect(calls).toHaveLength(1);
    const [input, init] = calls[0]!;
    expect(String(input)).toBe(`https://originals.test/${storagePath}`);
    const { width, height, quality } = c.expected.transform;
    expect(init).toEqual({
      method: 'GET',
      cf: {
        image: {
          width,
          ...(height === undefined ? {} : { height }),
          quality,
          format,
          fit: 'crop',
          metadata: 'none',
          anim: false,
        },
        cacheTags,
      },
    });
  });

  it('covers stored hits, stored misses that fall back, and transforms outside the set', () => {
    expect(workerCases.filter((c) => c.stored).length).toBeGreaterThanOrEqual(6);
    expect(workerCases.filter((c) => c.expected.storedKey && !c.stored).length).toBeGreaterThan(20);
    expect(workerCases.filter((c) => c.expected.transform && !c.expected.storedKey).length).toBeGreaterThan(
      10,
    );
  });
});
