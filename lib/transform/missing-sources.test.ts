import { describe, expect, it } from 'vitest';
import { createMissingSources } from './missing-sources';

describe('createMissingSources', () => {
  it('remembers a missing source for ttlMs', () => {
    const missing = createMissingSources({ ttlMs: 1000, max: 10 });
    missing.remember('g/a.jpg', 0);
    expect([0, 999, 1000, 1001].map((at) => missing.has('g/a.jpg', at))).toEqual([true, true, false, false]);
    expect(missing.has('g/b.jpg', 0)).toBe(false);
  });

  it('forgets a source at once when told (it was produced)', () => {
    const missing = createMissingSources({ ttlMs: 1000, max: 10 });
    missing.remember('g/a.jpg', 0);
    missing.forget('g/a.jpg');
    expect(missing.has('g/a.jpg', 1)).toBe(false);
  });

  it('holds at most max entries, dropping the oldest', () => {
    const missing = createMissingSources({ ttlMs: 1000, max: 2 });
    for (const name of ['a', 'b', 'c']) missing.remember(`g/${name}.jpg`, 0);
    expect(['a', 'b', 'c'].map((name) => missing.has(`g/${name}.jpg`, 1))).toEqual([false, true, true]);
  });
});
