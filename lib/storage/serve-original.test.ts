import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishedKey } from '@/lib/images/storage-keys';
import { createFsObjectStore } from './fs-object-store';
import { serveOriginal } from './serve-original';

describe('serveOriginal (/o/)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-originals-'));
  const store = createFsObjectStore(dir);
  let bytes: Buffer;

  beforeAll(async () => {
    bytes = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c0ffee' } })
      .jpeg()
      .toBuffer();
    await store.put(publishedKey({ sha256: 'a'.repeat(64), extension: 'jpg' }), bytes, {
      contentType: 'image/jpeg',
    });
    await store.put(`drafts/${'a'.repeat(64)}.jpg`, bytes, { contentType: 'image/jpeg' });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const request = (pathname: string, method = 'GET') =>
    new Request(`http://localhost${pathname}`, { method });

  it('serves a published original byte for byte, with its headers', async () => {
    const response = await serveOriginal(request(`/o/g/${'a'.repeat(64)}.jpg`), store);
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toEqual({
      'access-control-allow-origin': '*',
      'timing-allow-origin': '*',
      'cache-control': 'public, max-age=31536000, immutable',
      'content-security-policy': "default-src 'none'; sandbox",
      'content-disposition': `inline; filename="${'a'.repeat(64)}.jpg"`,
      'content-length': String(bytes.length),
      'content-type': 'image/jpeg',
      'x-content-type-options': 'nosniff',
    });
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('answers HEAD with the same headers and no body', async () => {
    const response = await serveOriginal(request(`/o/g/${'a'.repeat(64)}.jpg`, 'HEAD'), store);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(bytes.length));
    expect((await response.arrayBuffer()).byteLength).toBe(0);
  });

  it.each([
    ['HTML', Buffer.from('<!doctype html><script>alert(document.cookie)</script>'), 'text/html'],
    ['SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'image/svg+xml'],
    ['a GIF', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;'), 'image/gif'],
  ])(
    'refuses %s stored under g/ whatever its stored type, without caching the refusal',
    async (_label, body, type) => {
      const key = publishedKey({ sha256: `${'c'.repeat(63)}${type.length % 10}`, extension: 'jpg' });
      await store.put(key, body, { contentType: type });
      const response = await serveOriginal(request(`/o/${key}`), store);
      expect(response.status).toBe(500);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(await response.text()).not.toContain('<');
    },
  );

  it('takes the type from the bytes, not from what was stored with them', async () => {
    const key = publishedKey({ sha256: 'd'.repeat(64), extension: 'jpg' });
    await store.put(key, bytes, { contentType: 'text/html' });
    const response = await serveOriginal(request(`/o/${key}`), store);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('answers a storage failure with 503 no-store, never a cacheable answer', async () => {
    const failing = { ...store, get: () => Promise.reject(new Error('EIO: i/o error')) };
    const response = await serveOriginal(request(`/o/g/${'a'.repeat(64)}.jpg`), failing);
    expect(response.status).toBe(503);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('retry-after')).toBe('5');
  });

  it.each([
    ['a draft', `/o/drafts/${'a'.repeat(64)}.jpg`],
    ['a traversal to a draft', `/o/g/../drafts/${'a'.repeat(64)}.jpg`],
    ['an encoded traversal', `/o/g/%2e%2e/drafts/${'a'.repeat(64)}.jpg`],
    ['a missing object', `/o/g/${'b'.repeat(64)}.jpg`],
    ['the namespace itself', '/o/g/'],
  ])('answers %s with 404 and a short cache', async (_label, pathname) => {
    const response = await serveOriginal(request(pathname), store);
    expect(response.status).toBe(404);
    expect(response.headers.get('cache-control')).toBe('public, max-age=60');
  });
});
