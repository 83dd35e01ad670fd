import { describe, expect, it } from 'vitest';
import { createMemoryLru } from './memory-lru';

const variant = (size: number) => ({ bytes: new Uint8Array(size), contentType: 'image/avif' });

describe('createMemoryLru', () => {
  it('evicts the least recently used entries past its byte bound', () => {
    const lru = createMemoryLru(1000);
    lru.set('a', variant(100));
    lru.set('b', variant(100));
    lru.set('c', variant(100));
    lru.get('a');
    for (let i = 0; i < 8; i++) lru.set(`x${i}`, variant(100));
    expect(lru.get('a')).toBeDefined();
    expect(lru.get('b')).toBeUndefined();
    expect(lru.size).toEqual({ entries: 10, bytes: 1000 });
  });

  it('keeps out single variants larger than an eighth of the bound', () => {
    const lru = createMemoryLru(800);
    lru.set('big', variant(101));
    expect(lru.get('big')).toBeUndefined();
  });

  it('drops every variant of one source', () => {
    const lru = createMemoryLru(10_000);
    lru.set('g/a.jpg/w-640,q-75.avif', variant(10));
    lru.set('g/a.jpg/w-320,q-75.webp', variant(10));
    lru.set('g/ab.jpg/w-640,q-75.avif', variant(10));
    lru.deletePrefix('g/a.jpg/');
    expect(lru.size.entries).toBe(1);
    expect(lru.get('g/ab.jpg/w-640,q-75.avif')).toBeDefined();
  });
});
