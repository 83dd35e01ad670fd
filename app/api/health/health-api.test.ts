import { describe, expect, it } from 'vitest';
import { markServerReady } from '@/lib/server/readiness';
import { GET } from './route';

describe('GET /api/health', () => {
  it('answers 503 with Retry-After until the start work is done, then 200 ready', async () => {
    const starting = GET();
    expect(starting.status).toBe(503);
    expect(starting.headers.get('retry-after')).toBe('1');
    expect(starting.headers.get('cache-control')).toBe('no-store');
    expect(await starting.json()).toEqual({
      error: {
        code: 'service_unavailable',
        message: 'This instance is still starting; try again in a second.',
      },
    });

    markServerReady();
    const ready = GET();
    expect(ready.status).toBe(200);
    expect(ready.headers.get('cache-control')).toBe('no-store');
    expect(await ready.json()).toEqual({ status: 'ready' });
  });
});
