import { describe, expect, it } from 'vitest';
import { createMissLimiter } from './miss-limiter';

const options = { burst: 3, perSecond: 2, maxClients: 2 };

describe('createMissLimiter', () => {
  it('lets a burst through, then refuses with the wait until the next token', () => {
    const limiter = createMissLimiter(options);
    const decisions = [0, 0, 0, 0, 100].map((at) => limiter.take('a', at));
    expect(decisions).toEqual([
      { allowed: true },
      { allowed: true },
      { allowed: true },
      { allowed: false, retryAfterSeconds: 1 },
      { allowed: false, retryAfterSeconds: 1 },
    ]);
  });

  it('refills at perSecond, never above the burst', () => {
    const limiter = createMissLimiter(options);
    for (let i = 0; i < 3; i++) limiter.take('a', 0);
    expect(limiter.take('a', 500)).toEqual({ allowed: true }); // one token after 0.5 s at 2/s
    expect(limiter.take('a', 500)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    // An hour idle refills to the burst, not to 7,200 tokens.
    const later = [0, 1, 2, 3].map(() => limiter.take('a', 3_600_000).allowed);
    expect(later).toEqual([true, true, true, false]);
  });

  it('keeps clients apart', () => {
    const limiter = createMissLimiter(options);
    for (let i = 0; i < 3; i++) limiter.take('a', 0);
    expect(limiter.take('a', 0).allowed).toBe(false);
    expect(limiter.take('b', 0).allowed).toBe(true);
  });

  it('forgets the least recently seen client beyond maxClients', () => {
    const limiter = createMissLimiter(options);
    for (let i = 0; i < 3; i++) limiter.take('a', 0);
    limiter.take('b', 0);
    limiter.take('c', 0); // a is the oldest: forgotten
    expect(limiter.take('a', 0).allowed).toBe(true);
    // b was seen before c and a: now the oldest, forgotten in turn; c is still remembered.
    for (let i = 0; i < 2; i++) limiter.take('c', 0);
    expect(limiter.take('c', 0).allowed).toBe(false);
  });
});
