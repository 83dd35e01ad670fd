import { describe, expect, it } from 'vitest';
import {
  assertValidObjectKey,
  assertValidObjectKeyPrefix,
  assertValidPutOptions,
  checkedCopy,
  compareObjectKeys,
  InvalidObjectKeyError,
  type ObjectInfo,
  ObjectNotFoundError,
} from './object-store';

const sha = 'a'.repeat(64);

describe('assertValidObjectKey', () => {
  it.each([
    `drafts/${sha}.jpg`,
    `g/${sha}.webp`,
    'a',
    '.hidden',
    'a/..b/c..',
    'with space/ünïcødé 画像.png',
    'q?x=1&y=#h+%20',
    'é'.repeat(256),
  ])('accepts %s', (key) => {
    expect(() => assertValidObjectKey(key)).not.toThrow();
  });

  it.each([
    ['', 'is empty'],
    ['/abs', 'must be relative'],
    ['../x', "'..' segment"],
    ['a/../b', "'..' segment"],
    ['a/./b', "'.' segment"],
    ['.', "'.' segment"],
    ['a//b', 'empty segment'],
    ['a/', 'empty segment'],
    ['a\\b', 'backslash'],
    ['a\u0000b', 'control character'],
    ['a\nb', 'control character'],
    ['a\u007f', 'control character'],
    ['a\u0085', 'control character'],
    ['\uDC00', 'unpaired surrogate'],
    ['k'.repeat(513), 'longer than 512 bytes'],
    ['é'.repeat(257), 'longer than 512 bytes'],
  ])('rejects %j (%s)', (key, reason) => {
    expect(() => assertValidObjectKey(key)).toThrow(InvalidObjectKeyError);
    expect(() => assertValidObjectKey(key)).toThrow(reason);
  });

  it('rejects a non-string with the same error type', () => {
    expect(() => assertValidObjectKey(42 as unknown as string)).toThrow(InvalidObjectKeyError);
  });

  it('accepts exactly 512 bytes', () => {
    expect(() => assertValidObjectKey('k'.repeat(512))).not.toThrow();
  });
});

describe('assertValidObjectKeyPrefix', () => {
  it.each(['', 'g/', 'drafts/ab', 'a', '..', 'a/.', 'a/..'])('accepts %j', (prefix) => {
    expect(() => assertValidObjectKeyPrefix(prefix)).not.toThrow();
  });

  it.each(['/', '/g', '../', 'a/../', 'a//', './', 'a\\', 'a\u0000'])('rejects %j', (prefix) => {
    expect(() => assertValidObjectKeyPrefix(prefix)).toThrow(InvalidObjectKeyError);
  });
});

describe('compareObjectKeys', () => {
  it('orders by UTF-8 bytes, not UTF-16 code units', () => {
    const keys = ['\u{1F600}', '\uFF5E', 'b', 'a/b', 'a.b', 'a', 'é'];
    expect([...keys].sort(compareObjectKeys)).toEqual(['a', 'a.b', 'a/b', 'b', 'é', '\uFF5E', '\u{1F600}']);
  });
});

describe('assertValidPutOptions', () => {
  it('accepts a content type with or without cache control', () => {
    expect(() => assertValidPutOptions({ contentType: 'image/avif' })).not.toThrow();
    expect(() =>
      assertValidPutOptions({
        contentType: 'image/avif',
        cacheControl: 'public, max-age=31536000, immutable',
      }),
    ).not.toThrow();
  });

  it('rejects an empty content type and header injection', () => {
    expect(() => assertValidPutOptions({ contentType: ' ' })).toThrow(TypeError);
    expect(() => assertValidPutOptions({ contentType: 'a\r\nb: c' })).toThrow(TypeError);
    expect(() => assertValidPutOptions({ contentType: 'a', cacheControl: 'x\ny' })).toThrow(TypeError);
  });
});

describe('checkedCopy', () => {
  const info: ObjectInfo = { key: 'a/x.jpg', size: 1, contentType: 'image/jpeg' };
  function copyWith(existing: string[]) {
    const calls: string[] = [];
    const copy = checkedCopy(
      async (key) => {
        calls.push(`head ${key}`);
        return existing.includes(key) ? { ...info, key } : null;
      },
      async (fromKey, toKey) => {
        calls.push(`copy ${fromKey} ${toKey}`);
      },
    );
    return { copy, calls };
  }

  it('hands the driver only two valid, different keys', async () => {
    const { copy, calls } = copyWith(['a/x.jpg']);
    await copy('a/x.jpg', 'b/x.jpg');
    await copy('a/x.jpg', 'a/x.jpg');
    await expect(copy('a/missing.jpg', 'a/missing.jpg')).rejects.toBeInstanceOf(ObjectNotFoundError);
    await expect(copy('../x', 'b/x.jpg')).rejects.toBeInstanceOf(InvalidObjectKeyError);
    await expect(copy('a/x.jpg', 'b//x.jpg')).rejects.toBeInstanceOf(InvalidObjectKeyError);
    await expect(copy('a/', 'a/')).rejects.toBeInstanceOf(InvalidObjectKeyError);
    expect(calls).toEqual(['copy a/x.jpg b/x.jpg', 'head a/x.jpg', 'head a/missing.jpg']);
  });
});
