import { env, exports } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { parityCases } from '../../../tests/support/parity-cases';
import { parseImagePath } from '../../../lib/image-guard/parse-path';
import { formatContentTypes } from '../../../lib/images/ladder';

const assetHost = 'https://assets.vitrine.example';
const originBytes = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);

let fetchSpy: MockInstance<typeof fetch>;
beforeEach(() => {
  fetchSpy = vi.spyOn(globalThis, 'fetch');
});
afterEach(() => {
  vi.restoreAllMocks();
});

const workerCases = parityCases.filter((c) => !c.runtimes || c.runtimes.includes('worker'));

describe('parity table through the Worker (workerd)', () => {
  it('uses the test bindings', () => {
    expect(env.ALLOWED_HOSTS).toBe('vitrine.example,localhost');
    expect(env.ORIGIN_BASE_URL).toBe('https://originals.test');
  });

  it.each(workerCases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const format = c.expected.transform?.format ?? 'jpeg';
    fetchSpy.mockImplementation(async () => {
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

    expect(response.status).toBe(c.expected.status);
    for (const [name, value] of Object.entries(c.expected.headers)) {
      expect({ [name]: response.headers.get(name) }).toEqual({ [name]: value });
    }
    if (c.expected.emptyBody) expect(body.byteLength).toBe(0);
    else if (c.expected.status === 200) expect(body).toEqual(originBytes);

    if (c.expected.transform === null) {
      expect(fetchSpy).not.toHaveBeenCalled();
      return;
    }
    expect(fetchSpy).toHaveBeenCalledTimes(1);
    const [input, init] = fetchSpy.mock.calls[0]!;
    const parsed = parseImagePath(new URL(c.url, assetHost).pathname);
    expect(parsed.ok).toBe(true);
    expect(String(input)).toBe(`https://originals.test/${parsed.ok ? parsed.storagePath : ''}`);
    const { width, height, quality, format: expectedFormat } = c.expected.transform;
    expect(init).toEqual({
      method: 'GET',
      cf: {
        image: {
          width,
          ...(height === undefined ? {} : { height }),
          quality,
          format: expectedFormat,
          fit: 'crop',
          metadata: 'none',
          anim: false,
        },
        cacheTags: [`vitrine-${parsed.ok ? parsed.storagePath.replaceAll('/', '-') : ''}`],
      },
    });
  });
});
