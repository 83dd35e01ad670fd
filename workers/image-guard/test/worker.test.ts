import { env, exports } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { handleImageRequest, rateLimitPeriodSeconds } from '../src/handler';

const modern = 'image/avif,image/webp,*/*';

let fetchSpy: MockInstance<typeof fetch>;
beforeEach(() => {
  fetchSpy = vi.spyOn(globalThis, 'fetch');
  fetchSpy.mockImplementation(
    async () => new Response(new Uint8Array([9, 9]), { headers: { 'Content-Type': 'image/avif' } }),
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
      new Request('https://assets.vitrine.example/i/w-640/g/abc.jpg', { headers: { Accept: modern } }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('image/jpeg');
  });

  it('tolerates a trailing slash on ORIGIN_BASE_URL', async () => {
    await handleImageRequest(new Request('https://a.example/i/w-320/g/abc.jpg'), {
      ...env,
      ORIGIN_BASE_URL: 'https://originals.test/',
    });
    expect(fetchSpy.mock.calls[0]![0]).toBe('https://originals.test/g/abc.jpg');
  });

  it('HEAD on a refusal has no body either', async () => {
    const response = await exports.default.fetch(
      new Request('https://assets.vitrine.example/i/w-640/drafts/abc.jpg', { method: 'HEAD' }),
    );
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('');
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
