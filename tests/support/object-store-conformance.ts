import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compareObjectKeys,
  InvalidObjectKeyError,
  type ListedObject,
  ObjectNotFoundError,
  type ObjectStore,
  type StoredObject,
} from '@/lib/storage/object-store';

/**
 * One behavioural contract for every driver: each driver's test file calls this with its own
 * setup, so the fs store and the S3 store cannot drift apart. Tests share one store per driver
 * and stay independent by writing under their own key prefix.
 */

export interface ConformanceFixture {
  store: ObjectStore;
  cleanup(): Promise<void>;
}

async function readBody(object: StoredObject | null): Promise<Uint8Array> {
  expect(object).not.toBeNull();
  return new Uint8Array(await new Response(object!.body).arrayBuffer());
}

async function collect(iterable: AsyncIterable<ListedObject>): Promise<ListedObject[]> {
  const items: ListedObject[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');
const allByteValues = () => Uint8Array.from({ length: 512 }, (_, i) => i % 256);

/**
 * Known gaps of a test double (not of the service it stands in for), so the suite can skip exactly
 * the checks the double cannot pass and run everything else. Real drivers pass no options.
 */
export interface ConformanceOptions {
  /** Characters the double cannot take in a copy source key. */
  uncopyableKeyCharacters?: string;
  /** false when the double does not list in UTF-8 byte order (S3, R2 and MinIO do). */
  listsInUtf8ByteOrder?: boolean;
  /** false when the double can mix two racing writes of one key (S3, R2 and MinIO cannot). */
  atomicOverwrites?: boolean;
}

export function describeObjectStoreConformance(
  name: string,
  setup: () => Promise<ConformanceFixture>,
  options: ConformanceOptions = {},
): void {
  const notInUtf8Order =
    'this test double does not list in UTF-8 byte order (S3, R2 and MinIO do); Vitrine keys never depend on it';
  const copyable = (key: string) =>
    ![...(options.uncopyableKeyCharacters ?? '')].some((c) => key.includes(c));

  describe(`ObjectStore conformance: ${name}`, () => {
    let fixture: ConformanceFixture | undefined;
    let store: ObjectStore;

    beforeAll(async () => {
      fixture = await setup();
      store = fixture.store;
    });

    afterAll(async () => {
      await fixture?.cleanup();
    });

    it('round-trips arbitrary binary bytes with their content type', async () => {
      const bytes = allByteValues();
      await store.put('roundtrip/all-bytes.bin', bytes, { contentType: 'application/octet-stream' });
      const object = await store.get('roundtrip/all-bytes.bin');
      expect(object).toMatchObject({
        key: 'roundtrip/all-bytes.bin',
        size: 512,
        contentType: 'application/octet-stream',
      });
      expect(await readBody(object)).toEqual(bytes);
    });

    it('round-trips a 2 MB buffer', async () => {
      const bytes = new Uint8Array(randomBytes(2 * 1024 * 1024));
      await store.put('roundtrip/large.jpg', bytes, { contentType: 'image/jpeg' });
      const object = await store.get('roundtrip/large.jpg');
      expect(object?.size).toBe(bytes.byteLength);
      const read = await readBody(object);
      expect(read.byteLength).toBe(bytes.byteLength);
      expect(md5(read)).toBe(md5(bytes));
    });

    it('stores an empty object', async () => {
      await store.put('roundtrip/empty.txt', new Uint8Array(0), { contentType: 'text/plain' });
      const object = await store.get('roundtrip/empty.txt');
      expect(object).toMatchObject({ size: 0, contentType: 'text/plain' });
      expect((await readBody(object)).byteLength).toBe(0);
      expect(await store.head('roundtrip/empty.txt')).toMatchObject({ size: 0 });
    });

    it('keeps content type and cache control on get and head', async () => {
      const bytes = randomBytes(1000);
      const cacheControl = 'public, max-age=31536000, immutable';
      await store.put('meta/a.webp', bytes, { contentType: 'image/webp', cacheControl });
      const head = await store.head('meta/a.webp');
      expect(head).toMatchObject({ key: 'meta/a.webp', size: 1000, contentType: 'image/webp', cacheControl });
      expect(head?.lastModified).toBeInstanceOf(Date);
      expect(head?.etag).toMatch(/^[^"]+$/);
      const object = await store.get('meta/a.webp');
      expect(object).toMatchObject({ size: 1000, contentType: 'image/webp', cacheControl, etag: head?.etag });
      await object?.body.cancel();
    });

    it('reports no cache control when none was given', async () => {
      await store.put('meta/plain.png', randomBytes(10), { contentType: 'image/png' });
      const head = await store.head('meta/plain.png');
      expect(head?.contentType).toBe('image/png');
      expect(head?.cacheControl).toBeUndefined();
    });

    it('answers null for a missing object on head and get', async () => {
      expect(await store.head('missing/nothing.jpg')).toBeNull();
      expect(await store.get('missing/nothing.jpg')).toBeNull();
    });

    it('answers null for a key that is only a prefix of stored keys', async () => {
      await store.put('folder/inner/x.jpg', randomBytes(4), { contentType: 'image/jpeg' });
      expect(await store.head('folder/inner')).toBeNull();
      expect(await store.get('folder/inner')).toBeNull();
      expect(await store.head('folder/inner/x.jpg/deeper')).toBeNull();
      expect(await store.get('folder/inner/x.jpg/deeper')).toBeNull();
    });

    it('deletes idempotently', async () => {
      await store.put('delete/a.jpg', randomBytes(10), { contentType: 'image/jpeg' });
      await store.delete('delete/a.jpg');
      expect(await store.head('delete/a.jpg')).toBeNull();
      expect(await store.get('delete/a.jpg')).toBeNull();
      await expect(store.delete('delete/a.jpg')).resolves.toBeUndefined();
      await expect(store.delete('delete/never-existed.jpg')).resolves.toBeUndefined();
      await expect(store.delete('delete/never/existed/deep.jpg')).resolves.toBeUndefined();
    });

    it('can store a key again after deleting the keys nested under it', async () => {
      await store.put('nest/a/b.jpg', randomBytes(3), { contentType: 'image/jpeg' });
      await store.delete('nest/a/b.jpg');
      await store.put('nest/a', randomBytes(3), { contentType: 'image/jpeg' });
      expect(await store.head('nest/a')).toMatchObject({ size: 3 });
    });

    it('overwrites: the new bytes and metadata replace the old', async () => {
      await store.put('overwrite/k.bin', randomBytes(300), {
        contentType: 'image/png',
        cacheControl: 'no-store',
      });
      const before = await store.head('overwrite/k.bin');
      const bytes = randomBytes(120);
      await store.put('overwrite/k.bin', bytes, { contentType: 'image/avif' });
      const object = await store.get('overwrite/k.bin');
      expect(object).toMatchObject({ size: 120, contentType: 'image/avif' });
      expect(object?.cacheControl).toBeUndefined();
      expect(object?.etag).not.toBe(before?.etag);
      expect(await readBody(object)).toEqual(new Uint8Array(bytes));
    });

    it('copies to a new key with bytes, content type and cache control', async () => {
      const bytes = randomBytes(4096);
      const cacheControl = 'public, max-age=31536000, immutable';
      await store.put('drafts/abc.jpg', bytes, { contentType: 'image/jpeg', cacheControl });
      await store.copy('drafts/abc.jpg', 'g/abc.jpg');
      const copied = await store.get('g/abc.jpg');
      expect(copied).toMatchObject({ key: 'g/abc.jpg', size: 4096, contentType: 'image/jpeg', cacheControl });
      expect(await readBody(copied)).toEqual(new Uint8Array(bytes));
      expect(await store.head('g/abc.jpg')).toMatchObject({ contentType: 'image/jpeg', cacheControl });
      expect(await store.head('drafts/abc.jpg')).toMatchObject({ size: 4096 }); // source untouched
    });

    it('copies over an existing key', async () => {
      await store.put('copy-over/from.png', randomBytes(50), { contentType: 'image/png' });
      await store.put('copy-over/to.png', randomBytes(70), {
        contentType: 'text/plain',
        cacheControl: 'no-store',
      });
      await store.copy('copy-over/from.png', 'copy-over/to.png');
      const head = await store.head('copy-over/to.png');
      expect(head).toMatchObject({ size: 50, contentType: 'image/png' });
      expect(head?.cacheControl).toBeUndefined();
    });

    it('treats a copy onto itself as a no-op that writes nothing', async () => {
      const bytes = randomBytes(20);
      await store.put('copy-self/a.jpg', bytes, { contentType: 'image/jpeg', cacheControl: 'no-cache' });
      const before = await store.head('copy-self/a.jpg');
      await store.copy('copy-self/a.jpg', 'copy-self/a.jpg');
      expect(await store.head('copy-self/a.jpg')).toEqual(before);
      expect(before).toMatchObject({ size: 20, cacheControl: 'no-cache' });
      expect(await readBody(await store.get('copy-self/a.jpg'))).toEqual(new Uint8Array(bytes));
      await expect(store.copy('copy-self/missing.jpg', 'copy-self/missing.jpg')).rejects.toBeInstanceOf(
        ObjectNotFoundError,
      );
    });

    it('rejects a copy of a missing source with ObjectNotFoundError and creates nothing', async () => {
      await expect(store.copy('copy-missing/none.jpg', 'copy-missing/target.jpg')).rejects.toBeInstanceOf(
        ObjectNotFoundError,
      );
      expect(await store.head('copy-missing/target.jpg')).toBeNull();
    });

    it('handles keys with spaces, unicode and URL-special characters', async () => {
      const keys = ['odd/with space.jpg', 'odd/plus+sign.jpg', 'odd/percent%20.jpg', 'odd/ünïcødé-画像.jpg'];
      keys.push('odd/q?x=1&y=#h.jpg', "odd/(parens)!'*.jpg");
      for (const key of keys) {
        const bytes = randomBytes(16);
        await store.put(key, bytes, { contentType: 'image/jpeg' });
        expect(await readBody(await store.get(key))).toEqual(new Uint8Array(bytes));
        expect(await store.head(key)).toMatchObject({ key, size: 16 });
        if (!copyable(key)) continue;
        await store.copy(key, `${key}.copy`);
        expect(await store.head(`${key}.copy`)).toMatchObject({ key: `${key}.copy`, size: 16 });
      }
      const listed = (await collect(store.list('odd/'))).map((item) => item.key);
      const expected = [...keys, ...keys.filter(copyable).map((key) => `${key}.copy`)];
      expect(listed).toEqual(expected.sort(compareObjectKeys));
    });

    it('lists exactly the keys under a prefix, sorted, with sizes', async () => {
      const keys = ['list/b/2.jpg', 'list/a.jpg', 'list/b/1.jpg', 'list/c/z/z.jpg', 'list/d', 'list/c/y.jpg'];
      for (const [i, key] of keys.entries())
        await store.put(key, randomBytes(i + 1), { contentType: 'image/jpeg' });
      await store.put('listing/not-me.jpg', randomBytes(1), { contentType: 'image/jpeg' });
      await store.put('lis', randomBytes(1), { contentType: 'image/jpeg' });

      const listed = await collect(store.list('list/'));
      expect(listed.map((item) => item.key)).toEqual([
        'list/a.jpg',
        'list/b/1.jpg',
        'list/b/2.jpg',
        'list/c/y.jpg',
        'list/c/z/z.jpg',
        'list/d',
      ]);
      expect(listed.find((item) => item.key === 'list/d')?.size).toBe(5);
      expect(listed.find((item) => item.key === 'list/c/y.jpg')?.size).toBe(6);
      for (const item of listed) expect(item.etag).toBeTruthy();
    });

    it("lists a key continued by '/' after siblings that sort before '/'", async ({ skip }) => {
      skip(options.listsInUtf8ByteOrder === false, notInUtf8Order);
      for (const key of ['order/a/z.jpg', 'order/a.b', 'order/a0', 'order/a-', 'order/a/0']) {
        await store.put(key, randomBytes(1), { contentType: 'image/jpeg' });
      }
      const listed = (await collect(store.list('order/'))).map((item) => item.key);
      expect(listed).toEqual(['order/a-', 'order/a.b', 'order/a/0', 'order/a/z.jpg', 'order/a0']);
    });

    it('sorts listings by UTF-8 bytes, as S3 does', async ({ skip }) => {
      skip(options.listsInUtf8ByteOrder === false, notInUtf8Order);
      // U+FF5E sorts after U+1F600 in UTF-16 code units but before it in UTF-8 bytes.
      const keys = ['utf8/\u{1F600}', 'utf8/\uFF5E', 'utf8/z', 'utf8/é'];
      for (const key of keys) await store.put(key, randomBytes(1), { contentType: 'text/plain' });
      const listed = (await collect(store.list('utf8/'))).map((item) => item.key);
      expect(listed).toEqual(['utf8/z', 'utf8/é', 'utf8/\uFF5E', 'utf8/\u{1F600}']);
    });

    it('lists by a prefix that ends inside a segment', async () => {
      await store.put('partial/abc1.jpg', randomBytes(1), { contentType: 'image/jpeg' });
      await store.put('partial/abc2/x.jpg', randomBytes(1), { contentType: 'image/jpeg' });
      await store.put('partial/abd.jpg', randomBytes(1), { contentType: 'image/jpeg' });
      const keys = (await collect(store.list('partial/abc'))).map((item) => item.key);
      expect(keys).toEqual(['partial/abc1.jpg', 'partial/abc2/x.jpg']);
      expect(await collect(store.list('partial/zzz'))).toEqual([]);
      expect(await collect(store.list('no-such-prefix/'))).toEqual([]);
    });

    it('lists more keys than one page holds, each once', async () => {
      const keys = Array.from({ length: 25 }, (_, i) => `many/${String(i).padStart(3, '0')}.jpg`);
      await Promise.all(keys.map((key) => store.put(key, randomBytes(2), { contentType: 'image/jpeg' })));
      expect((await collect(store.list('many/'))).map((item) => item.key)).toEqual(keys);
    });

    it('lists every key with an empty prefix', async () => {
      await store.put('everything/one.jpg', randomBytes(1), { contentType: 'image/jpeg' });
      const keys = (await collect(store.list(''))).map((item) => item.key);
      expect(keys).toContain('everything/one.jpg');
      expect(keys).toContain('drafts/abc.jpg');
      expect(new Set(keys).size).toBe(keys.length);
      if (options.listsInUtf8ByteOrder !== false) expect([...keys].sort(compareObjectKeys)).toEqual(keys);
    });

    it('keeps bytes and metadata paired when writers race', async ({ skip }) => {
      skip(
        options.atomicOverwrites === false,
        'this test double stores bytes and metadata as two files (S3, R2 and MinIO overwrite atomically)',
      );
      const writes = Array.from({ length: 8 }, (_, i) => ({
        bytes: new Uint8Array(100 + i).fill(i),
        contentType: `image/x-race-${i}`,
      }));
      await Promise.all(writes.map((w) => store.put('race/k.bin', w.bytes, { contentType: w.contentType })));
      const object = await store.get('race/k.bin');
      const bytes = await readBody(object);
      const winner = writes.find((w) => w.contentType === object?.contentType);
      expect(winner).toBeDefined();
      expect(bytes).toEqual(winner?.bytes);
      expect(object?.size).toBe(winner?.bytes.byteLength);
    });

    const invalidKeys = [
      '../x',
      '/abs',
      'a//b',
      'a/./b',
      'a\\b',
      'a\u0000b',
      '',
      'a/',
      '.',
      '..',
      'a/../b',
      'x\u001fy',
    ];
    invalidKeys.push('x\u007f', 'k'.repeat(513), '\uD800lone');

    const label = (key: string) =>
      JSON.stringify(key.length > 24 ? `${key.slice(0, 24)}…` : key).replace(
        /[\u007f-\u009f]|\p{Cs}/gu,
        (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      );
    it.each(invalidKeys.map((key) => [label(key), key]))(
      'rejects the invalid key %s everywhere',
      async (_label, key) => {
        const bytes = new Uint8Array([1]);
        await expect(store.put(key, bytes, { contentType: 'image/jpeg' })).rejects.toBeInstanceOf(
          InvalidObjectKeyError,
        );
        await expect(store.get(key)).rejects.toBeInstanceOf(InvalidObjectKeyError);
        await expect(store.head(key)).rejects.toBeInstanceOf(InvalidObjectKeyError);
        await expect(store.delete(key)).rejects.toBeInstanceOf(InvalidObjectKeyError);
        await expect(store.copy(key, 'valid/target.jpg')).rejects.toBeInstanceOf(InvalidObjectKeyError);
        await expect(store.copy('meta/a.webp', key)).rejects.toBeInstanceOf(InvalidObjectKeyError);
        // Checked before the copy-onto-itself shortcut, which would otherwise answer "not found".
        await expect(store.copy(key, key)).rejects.toBeInstanceOf(InvalidObjectKeyError);
      },
    );

    it('checks both copy keys before reading the source', async () => {
      await store.put('copy-checks/a.jpg', randomBytes(8), { contentType: 'image/jpeg' });
      await expect(store.copy('copy-checks/a.jpg', 'copy-checks/../b.jpg')).rejects.toBeInstanceOf(
        InvalidObjectKeyError,
      );
      await expect(store.copy('copy-checks/missing.jpg', '../b.jpg')).rejects.toBeInstanceOf(
        InvalidObjectKeyError,
      );
      expect((await collect(store.list('copy-checks/'))).map((item) => item.key)).toEqual([
        'copy-checks/a.jpg',
      ]);
    });

    it('rejects listing prefixes that could escape, and accepts open-ended ones', async () => {
      for (const prefix of ['../', '/abs', 'a//', 'a/../', 'a\\', 'a\u0000']) {
        await expect(async () => collect(store.list(prefix))).rejects.toBeInstanceOf(InvalidObjectKeyError);
      }
      await expect(collect(store.list('..'))).resolves.toEqual([]);
      await expect(collect(store.list('nothing/.'))).resolves.toEqual([]);
    });

    it('rejects bad put options', async () => {
      const bytes = new Uint8Array([1]);
      await expect(store.put('options/a', bytes, { contentType: '' })).rejects.toBeInstanceOf(TypeError);
      await expect(
        store.put('options/a', bytes, { contentType: 'text/plain\r\nX-Evil: 1' }),
      ).rejects.toBeInstanceOf(TypeError);
      await expect(
        store.put('options/a', bytes, { contentType: 'text/plain', cacheControl: 'no-store\nX: y' }),
      ).rejects.toBeInstanceOf(TypeError);
      const notBytes = 'pixels' as unknown as Uint8Array;
      await expect(store.put('options/a', notBytes, { contentType: 'text/plain' })).rejects.toBeInstanceOf(
        TypeError,
      );
      expect(await store.head('options/a')).toBeNull();
    });
  });
}
