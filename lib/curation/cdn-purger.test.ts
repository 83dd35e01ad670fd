import { describe, expect, it } from 'vitest';
import { createCdnPurgerFromEnv, createCloudflarePurger } from './cdn-purger';

const sha = 'ab'.repeat(32);

/** Records every request and answers like Cloudflare's API. */
function recorder(answer: (body: unknown) => Response = () => Response.json({ success: true, errors: [] })) {
  const calls: { url: string; method: string; headers: Record<string, string>; body: unknown }[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body));
    calls.push({
      url: String(input),
      method: init?.method ?? 'GET',
      headers: Object.fromEntries(new Headers(init?.headers)),
      body,
    });
    return answer(body);
  };
  return { calls, fetch: fetch as typeof globalThis.fetch };
}

describe('Cloudflare purger', () => {
  it('purges one source by its cache tag and its originals by URL: the exact requests', async () => {
    const { calls, fetch } = recorder();
    const purger = createCloudflarePurger({
      zoneId: 'zone123',
      apiToken: 'token456',
      publicUrl: 'https://vitrine.example',
      originalsBaseUrl: 'https://originals.vitrine.example',
      fetch,
    });
    expect(await purger.purgeSource(`g/${sha}.jpg`)).toBe('purged');
    const headers = { authorization: 'Bearer token456', 'content-type': 'application/json' };
    const url = 'https://api.cloudflare.com/client/v4/zones/zone123/purge_cache';
    expect(calls).toEqual([
      { url, method: 'POST', headers, body: { tags: [`vitrine-g-${sha}.jpg`] } },
      {
        url,
        method: 'POST',
        headers,
        body: {
          files: [`https://vitrine.example/o/g/${sha}.jpg`, `https://originals.vitrine.example/g/${sha}.jpg`],
        },
      },
    ]);
  });

  it.each([
    ['an API refusal', () => Response.json({ success: false, errors: [{ code: 10000 }] }, { status: 403 })],
    ['a non-JSON answer', () => new Response('bad gateway', { status: 502 })],
  ])('reports %s as failed, without throwing', async (_label, answer) => {
    const { fetch } = recorder(answer);
    const logged: string[] = [];
    const purger = createCloudflarePurger({
      zoneId: 'z',
      apiToken: 't',
      publicUrl: 'https://vitrine.example',
      fetch,
      log: (message) => logged.push(message),
    });
    expect(await purger.purgeSource(`g/${sha}.png`)).toBe('failed');
    expect(logged).toHaveLength(2);
  });

  it('gives up on a stalled API after its timeout', async () => {
    const stalled = ((_input: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      })) as typeof fetch;
    const purger = createCloudflarePurger({
      zoneId: 'z',
      apiToken: 't',
      publicUrl: 'https://vitrine.example',
      fetch: stalled,
      timeoutMs: 50,
      log: () => {},
    });
    const started = Date.now();
    expect(await purger.purgeSource(`g/${sha}.png`)).toBe('failed');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('does nothing without credentials', async () => {
    const purger = createCdnPurgerFromEnv({
      PUBLIC_URL: 'http://localhost:3000',
      ORIGINALS_BASE_URL: undefined,
    });
    expect(await purger.purgeSource(`g/${sha}.jpg`)).toBe('not-configured');
  });
});
