import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ApiError, errorResponse, withErrorHandling } from './errors';

describe('errorResponse', () => {
  it.each([
    [new ApiError('bad_request', 'limit must be 1..60'), 400, 'bad_request', 'limit must be 1..60'],
    [new ApiError('not_found', 'No such generation'), 404, 'not_found', 'No such generation'],
    [new ApiError('service_unavailable', 'Busy'), 503, 'service_unavailable', 'Busy'],
  ])('maps %o to its status and body', async (error, status, code, message) => {
    const response = errorResponse(error);
    expect(response.status).toBe(status);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ error: { code, message } });
  });

  it('turns validation failures into 400 with the field named', async () => {
    const result = z.object({ limit: z.number().max(60) }).safeParse({ limit: 99 });
    const response = errorResponse(result.error);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toMatch(/^limit: /);
  });

  it('answers unknown failures with a generic 500 that leaks nothing', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const response = await withErrorHandling(async () => {
      throw new Error('connection to 10.0.0.5:5432 refused, password=hunter2');
    })();
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain('hunter2');
    expect(JSON.parse(text).error.code).toBe('internal_server_error');
    log.mockRestore();
  });

  it('answers an unreachable database with 503 and Retry-After, and shows the failure to the observer', async () => {
    const seen: unknown[] = [];
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const response = await withErrorHandling(
      async () => {
        throw new Error('Failed query', { cause: refused });
      },
      (error) => seen.push(error),
    )();
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await response.json()).toEqual({
      error: {
        code: 'service_unavailable',
        message: 'The database cannot be reached right now. Retry in a few seconds.',
      },
    });
    expect(seen).toHaveLength(1);
  });

  it('passes extra headers through, such as Retry-After', () => {
    const response = errorResponse(new ApiError('service_unavailable', 'Busy', { 'Retry-After': '1' }));
    expect(response.headers.get('retry-after')).toBe('1');
  });
});

describe('domain errors', () => {
  it('answers a bad cursor with 400 through the contract, with no special case in the route', async () => {
    const { InvalidCursorError } = await import('../feed/cursor');
    const response = errorResponse(new InvalidCursorError('signature does not match'));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: 'bad_request', message: 'Invalid cursor: signature does not match' },
    });
  });
});
