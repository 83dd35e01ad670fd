import { env, exports } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { handleImageRequest, rateLimitPeriodSeconds } from '../src/handler';

const modern = 'image/avif,image/webp,*/*';
const originBase = 'https://originals.test';

let fetchSpy: MockInstance<typeof fetch>;
beforeEach(() => {
  fetchSpy = vi.spyOn(globalThis, 'fetch');
  // No display set stored by default (a row whose set is not made yet): the original answers.
  fetchSpy.mockImplementation(async (input) =>
    String(input).startsWith(`${originBase}/v/`)
      ? new Response('Not found', { status: 404 })
      : new Response(new Uint8Array([9, 9]), { headers: { 'Content-Type': 'image/avif' } }),
  );
});
afterEach(() => {
  vi.restoreAllMocks();
});

function limiter(outcome: boolean | Error) {
  return {
    limit: vi.fn(async (_options: RateLimitOptions): Promise<RateLimitOutcome> => {
      if (outcome instanceof Error) throw outcome;
      return { success: outcome };
    }),
  };
}

describe('origin request', () => {
  it('forwards no client headers, cookies or query, only the validated path', async () => {
    const response = await exports.default.fetch(
      new Request('https://assets.vitrine.example/i/w-640,q-80/g/abc.jpg?token=secret&w=1920', {
        headers: {
          Accept: modern,
          Cookie: 'session=abc',
          Authorization: 'Bearer xyz',
          'X-Forwarded-For': '203.0.113.9',
          Referer: 'https://vitrine.example/',
        },
      }),
    );
    expect(response.status).toBe(200);
    expect(fetchSpy).toHaveBeenCalledTimes(1);
    const [input, init] = fetchSpy.mock.calls[0]!;
    expect(input).toBe('https://originals.test/g/abc.jpg');
    expect(init?.headers).toBeUndefined();
    expect(Object.keys(init ?? {}).sort()).toEqual(['cf', 'method']);
  });

  it('a network error is a 502 that no cache keeps', async () => {
    fetchSpy.mockRejectedValue(new TypeError('connection reset'));
    const response = await exports.default.fetch(
      new Request('https://assets.vitrine.example/i/w-640/g/abc.jpg', { headers: { Accept: modern } }),
    );
    expect(response.status).toBe(502);
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    expect(await response.text()).toBe('Bad gateway');
  });

  it.each([
    [403, 502],
    [410, 404],
    [500, 502],
    [204, 502],
  ])('origin %d → %d', async (originStatus, expected) => {
    // Responses are built inside the call: workerd ties a body to the request context that made it.
    fetchSpy.mockImplementation(
      async () =>
        new Response(originStatus === 204 ? null : 'x', {
          status: originStatus,
          headers: { 'Content-Type': 'image/avif' },
        }),
    );
    const response = await exports.default.fetch(
      new Request('https://assets.vitrine.example/i/w-640/g/abc.jpg', { headers: { Accept: modern } }),
    );
    expect(response.status).toBe(expected);
    expect(response.headers.get('Cache-Control')).toBe(expected === 404 ? 'public, max-age=60' : 'no-store');
  });

  it('accepts Content-Type parameters and case, and answers with the bare type', async () => {
    fetchSpy.mockImplementation(
      async () => new Response('x', { headers: { 'Content-Type': 'Image/JPEG; charset=binary' } }),
    );
    const response = await exports.default.fetch(
      new Request('https://assets.vitrine.example/i/w-640,q-80/g/abc.jpg', { headers: { Accept: modern } }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('image/jpeg');
  });

  it('tolerates a trailing slash on ORIGIN_BASE_URL', async () => {
    await handleImageRequest(new Request('https://a.example/i/w-320/g/abc.jpg'), {
      ...env,
      ORIGIN_BASE_URL: 'https://originals.test/',
    });
    expect(fetchSpy.mock.calls.map(([input]) => input)).toEqual([
      'https://originals.test/v/g/abc.jpg/w-320,q-75.jpeg',
      'https://originals.test/g/abc.jpg',
    ]);
  });

  it('HEAD on a refusal has no body either', async () => {
    const response = await exports.default.fetch(
      new Request('https://assets.vitrine.example/i/w-640/drafts/abc.jpg', { method: 'HEAD' }),
    );
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('');
  });
});

describe('stored display variants', () => {
  const storedBytes = new Uint8Array([1, 1, 2, 3, 5, 8]);
  const tag = { cacheTags: ['vitrine-g-abc.jpg'] };
  const successOf = (contentType: string) => ({
    'access-control-allow-origin': '*',
    'timing-allow-origin': '*',
    'cache-control': 'public, max-age=31536000, immutable',
    'content-type': contentType,
    vary: 'Accept',
    'x-content-type-options': 'nosniff',
  });

  /** The bucket holds these stored keys (status 200 with the given type); the original answers `original`. */
  function bucket(stored: Record<string, { status?: number; contentType?: string }>, original = 200) {
    fetchSpy.mockImplementation(async (input) => {
      const key = String(input).slice(originBase.length + 1);
      if (key.startsWith('v/')) {
        const object = stored[key];
        if (!object) return new Response('Not found', { status: 404 });
        return new Response(storedBytes, {
          status: object.status ?? 200,
          headers: { 'Content-Type': object.contentType ?? 'application/octet-stream' },
        });
      }
      return original === 200
        ? new Response(new Uint8Array([9, 9]), { headers: { 'Content-Type': 'image/webp' } })
        : new Response('gone', { status: original });
    });
  }

  const get = (path: string, accept: string | null = modern, method = 'GET') =>
    exports.default.fetch(
      new Request(`https://assets.vitrine.example${path}`, {
        method,
        headers: accept === null ? {} : { Accept: accept },
      }),
    );

  it('an emitted variant that is stored: one fetch through the zone cache, no cf.image, the stored bytes', async () => {
    bucket({ 'v/g/abc.jpg/w-640,q-75.avif': { contentType: 'image/avif' } });
    const response = await get('/i/w-640/g/abc.jpg');
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toEqual(successOf('image/avif'));
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(storedBytes);
    expect(fetchSpy.mock.calls).toEqual([
      [`${originBase}/v/g/abc.jpg/w-640,q-75.avif`, { method: 'GET', cf: { cacheEverything: true, ...tag } }],
    ]);
    expect(JSON.stringify(fetchSpy.mock.calls)).not.toContain('image');
  });

  it('AVIF above 1,200 px is served when stored (sharp made it at publish)', async () => {
    bucket({ 'v/g/abc.jpg/w-1920,q-75.avif': { contentType: 'image/avif' } });
    const response = await get('/i/w-1920/g/abc.jpg');
    expect(response.headers.get('Content-Type')).toBe('image/avif');
    expect(fetchSpy).toHaveBeenCalledTimes(1);
  });

  it('HEAD on a stored variant: the headers a GET gets, no body', async () => {
    bucket({ 'v/g/abc.jpg/w-320,q-75.jpeg': { contentType: 'image/jpeg' } });
    const response = await get('/i/w-320/g/abc.jpg', null, 'HEAD');
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toEqual(successOf('image/jpeg'));
    expect(await response.text()).toBe('');
    expect(fetchSpy).toHaveBeenCalledTimes(1);
  });

  it('not stored → cf.image from the original, tagged the same way', async () => {
    bucket({});
    const response = await get('/i/w-640/g/abc.jpg', 'image/webp');
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toEqual(successOf('image/webp'));
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array([9, 9]));
    expect(fetchSpy.mock.calls.map(([input, init]) => [input, init?.cf])).toEqual([
      [`${originBase}/v/g/abc.jpg/w-640,q-75.webp`, { cacheEverything: true, ...tag }],
      [
        `${originBase}/g/abc.jpg`,
        {
          image: { width: 640, quality: 75, format: 'webp', fit: 'crop', metadata: 'none', anim: false },
          ...tag,
        },
      ],
    ]);
  });

  it('not stored above 1,200 px with AVIF accepted → cf.image is asked for WebP', async () => {
    bucket({});
    const response = await get('/i/w-1920/g/abc.jpg');
    expect(response.headers.get('Content-Type')).toBe('image/webp');
    expect(response.headers.get('Vary')).toBe('Accept');
    expect(fetchSpy.mock.calls.map(([input, init]) => [input, init?.cf?.image?.format])).toEqual([
      [`${originBase}/v/g/abc.jpg/w-1920,q-75.avif`, undefined],
      [`${originBase}/g/abc.jpg`, 'webp'],
    ]);
  });

  it.each([
    ['/i/w-640,q-80/g/abc.jpg', 640, undefined, 'avif'],
    ['/i/w-640,h-800/g/abc.jpg', 640, 800, 'avif'],
    ['/i/w-1920,q-80/g/abc.jpg', 1920, undefined, 'webp'],
    ['/i/w-960,h-1440/g/abc.jpg', 960, 1440, 'webp'],
  ] as const)('not emitted (%s) → cf.image directly, %d × %s as %s', async (path, width, height, format) => {
    bucket({});
    const response = await get(path);
    expect(response.status).toBe(200);
    expect(fetchSpy).toHaveBeenCalledTimes(1);
    const [input, init] = fetchSpy.mock.calls[0]!;
    expect(input).toBe(`${originBase}/g/abc.jpg`);
    expect(init?.cf?.image).toMatchObject({ width, ...(height ? { height } : {}), format });
    expect(init?.cf?.cacheTags).toEqual(tag.cacheTags);
  });

  it('neither stored nor an original → 404 with a short max-age', async () => {
    bucket({}, 404);
    const response = await get('/i/w-640/g/abc.jpg');
    expect(response.status).toBe(404);
    expect(response.headers.get('Cache-Control')).toBe('public, max-age=60');
    expect(fetchSpy).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['a stored object of another type', { contentType: 'image/webp' }],
    ['a stored object that is not an image', { contentType: 'text/html' }],
    ['a bucket error on the stored key', { status: 500, contentType: 'text/plain' }],
    ['a bucket refusal on the stored key', { status: 403, contentType: 'text/plain' }],
  ])('%s → 502 no-store, no transform', async (_name, object) => {
    bucket({ 'v/g/abc.jpg/w-640,q-75.avif': object });
    const response = await get('/i/w-640/g/abc.jpg');
    expect(response.status).toBe(502);
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    expect(fetchSpy).toHaveBeenCalledTimes(1);
  });
});

describe('rate limiting', () => {
  it('the binding from wrangler.jsonc is present in workerd', async () => {
    expect(env.IMAGE_RATE_LIMITER).toBeDefined();
    await expect(env.IMAGE_RATE_LIMITER.limit({ key: 'binding-check' })).resolves.toEqual({ success: true });
  });

  it('over the limit → 429 with Retry-After, before any origin fetch', async () => {
    const rateLimiter = limiter(false);
    const response = await handleImageRequest(
      new Request('https://a.example/i/w-640/g/abc.jpg', { headers: { 'CF-Connecting-IP': '198.51.100.7' } }),
      { ...env, IMAGE_RATE_LIMITER: rateLimiter },
    );
    expect(response.status).toBe(429);
    expect(Object.fromEntries(response.headers)).toEqual({
      'access-control-allow-origin': '*',
      'timing-allow-origin': '*',
      'cache-control': 'no-store',
      'content-type': 'text/plain; charset=utf-8',
      'retry-after': String(rateLimitPeriodSeconds),
      'x-content-type-options': 'nosniff',
    });
    expect(rateLimiter.limit).toHaveBeenCalledWith({ key: '198.51.100.7' });
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('refusals (404, 403, 405) are not counted', async () => {
    const rateLimiter = limiter(true);
    const bindings = { ...env, IMAGE_RATE_LIMITER: rateLimiter };
    await handleImageRequest(new Request('https://a.example/i/w-640/drafts/a.jpg'), bindings);
    await handleImageRequest(
      new Request('https://a.example/i/w-640/g/a.jpg', { headers: { Referer: 'https://evil.example/' } }),
      bindings,
    );
    await handleImageRequest(
      new Request('https://a.example/i/w-640/g/a.jpg', { method: 'PUT', body: 'x' }),
      bindings,
    );
    expect(rateLimiter.limit).not.toHaveBeenCalled();
  });

  it('fails open when the limiter errors or is not bound', async () => {
    const throwing = await handleImageRequest(new Request('https://a.example/i/w-640/g/abc.jpg'), {
      ...env,
      IMAGE_RATE_LIMITER: limiter(new Error('limiter unavailable')),
    });
    expect(throwing.status).toBe(200);
    const { IMAGE_RATE_LIMITER: _unused, ...unbound } = env;
    const withoutBinding = await handleImageRequest(
      new Request('https://a.example/i/w-640/g/abc.jpg'),
      unbound,
    );
    expect(withoutBinding.status).toBe(200);
  });
});
