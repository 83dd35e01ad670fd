import { describe, expect, it } from 'vitest';
import { aspectRatioNames, type OutputFormat, outputFormats, qualitySteps, widthLadder } from './ladder';
import {
  type ContentAddress,
  isUnderPublishedPrefix,
  keyExtension,
  keyPrefixes,
  type ParsedVariantKey,
  parsePrivateOriginalKey,
  parsePublishedKey,
  parseStoredVariantKey,
  parseVariantKey,
  privateOriginalKey,
  privateOriginalKeyOf,
  publishedKey,
  sourceCacheTag,
  storedVariantKey,
  storedVariantPrefix,
  transformKey,
  type VariantTransform,
  variantKey,
  variantKeyPrefix,
  variantSourcePath,
} from './storage-keys';

const sha = 'ab'.repeat(32);
const other = '0123456789abcdef'.repeat(4);

describe('keyPrefixes', () => {
  it('no prefix is a prefix of another, so a key has one format', () => {
    const prefixes = Object.values(keyPrefixes);
    for (const a of prefixes) for (const b of prefixes) if (a !== b) expect(b.startsWith(a)).toBe(false);
    expect(keyPrefixes).toEqual({ privateOriginal: 'originals/', published: 'g/', storedVariant: 'v/' });
  });
});

describe('content-addressed keys (private original, published original)', () => {
  it.each<[ContentAddress, string, string]>([
    [{ sha256: sha, extension: 'jpg' }, `originals/${sha}.jpg`, `g/${sha}.jpg`],
    [{ sha256: other, extension: 'avif' }, `originals/${other}.avif`, `g/${other}.avif`],
    [{ sha256: sha, extension: 'mp4' }, `originals/${sha}.mp4`, `g/${sha}.mp4`],
  ])('%j → %s, %s, and back', (content, privateKey, published) => {
    expect(privateOriginalKey(content)).toBe(privateKey);
    expect(publishedKey(content)).toBe(published);
    expect(parsePrivateOriginalKey(privateKey)).toEqual(content);
    expect(parsePublishedKey(published)).toEqual(content);
    expect(privateOriginalKeyOf(published)).toBe(privateKey);
  });

  it.each<ContentAddress>([
    { sha256: 'AB'.repeat(32), extension: 'jpg' },
    { sha256: sha.slice(1), extension: 'jpg' },
    { sha256: sha, extension: '' },
    { sha256: sha, extension: 'j/pg' },
    { sha256: sha, extension: 'tar.gz' },
    { sha256: `../${sha.slice(3)}`, extension: 'jpg' },
  ])('refuses to build from %j', (content) => {
    expect(() => publishedKey(content)).toThrow(TypeError);
    expect(() => privateOriginalKey(content)).toThrow(TypeError);
  });

  it.each([
    `g/${sha}`,
    `g/${sha}.`,
    `g/${sha}.jpg.png`,
    `g/${sha.slice(1)}.jpg`,
    `g/${sha.toUpperCase()}.jpg`,
    `g/x/${sha}.jpg`,
    `originals/${sha}.jpg`,
    `v/g/${sha}.jpg/w-640,q-75.avif`,
    'g/abc.jpg',
    '',
  ])('%j is not a published key', (key) => {
    expect(parsePublishedKey(key)).toBeNull();
  });

  it.each([`g/${sha}.jpg`, `originals/x.jpg`, `${sha}.jpg`])('%j is not a private original key', (key) => {
    expect(parsePrivateOriginalKey(key)).toBeNull();
  });

  it('has no private original for a path that is not a published key', () => {
    expect(() => privateOriginalKeyOf('g/abc.jpg')).toThrow(TypeError);
    expect(() => privateOriginalKeyOf(`originals/${sha}.jpg`)).toThrow(TypeError);
  });
});

describe('isUnderPublishedPrefix and keyExtension', () => {
  it.each<[string, boolean, string | null]>([
    [`g/${sha}.jpg`, true, 'jpg'],
    ['g/a.PNG', true, 'png'],
    ['g/2024/abc', true, null],
    ['g/a.b/c', true, null],
    ['g/', false, null],
    ['g', false, null],
    ['gallery/a.jpg', false, 'jpg'],
    [`originals/${sha}.jpg`, false, 'jpg'],
  ])('%j → %s, %j', (key, published, extension) => {
    expect(isUnderPublishedPrefix(key)).toBe(published);
    expect(keyExtension(key)).toBe(extension);
  });
});

describe('variant keys (cached variant, stored display variant)', () => {
  it.each<[string, VariantTransform, OutputFormat, string]>([
    ['g/abc.jpg', { width: 640, quality: 75, ratio: null }, 'avif', 'g/abc.jpg/w-640,q-75.avif'],
    ['g/abc.jpg', { width: 640, quality: 80, ratio: null }, 'webp', 'g/abc.jpg/w-640,q-80.webp'],
    ['g/abc.jpg', { width: 1280, quality: 75, ratio: '4:5' }, 'avif', 'g/abc.jpg/w-1280,q-75,r-4x5.avif'],
    ['g/abc.png', { width: 320, quality: 50, ratio: '10:16' }, 'png', 'g/abc.png/w-320,q-50,r-10x16.png'],
    [
      'g/2024/abc.jpg',
      { width: 960, quality: 85, ratio: '16:9' },
      'jpeg',
      'g/2024/abc.jpg/w-960,q-85,r-16x9.jpeg',
    ],
  ])('%s %j %s → %s, and back', (storagePath, transform, format, key) => {
    expect(variantKey(storagePath, transform, format)).toBe(key);
    expect(parseVariantKey(key)).toEqual({ storagePath, transform, format });
    expect(variantSourcePath(key)).toBe(storagePath);
    expect(key.startsWith(variantKeyPrefix(storagePath))).toBe(true);
    expect(variantKeyPrefix(storagePath)).toBe(`${storagePath}/`);
    expect(storedVariantKey(key)).toBe(`v/${key}`);
    expect(parseStoredVariantKey(`v/${key}`)).toEqual({ storagePath, transform, format });
  });

  it('transformKey is the name without the source and the format', () => {
    expect(transformKey({ width: 320, quality: 50, ratio: '10:16' })).toBe('w-320,q-50,r-10x16');
    expect(transformKey({ width: 1920, quality: 75, ratio: null })).toBe('w-1920,q-75');
  });

  it('round-trips every variant one source can have', () => {
    const storagePath = `g/${sha}.jpg`;
    const seen = new Set<string>();
    for (const width of widthLadder) {
      for (const quality of qualitySteps) {
        for (const ratio of [null, ...aspectRatioNames]) {
          for (const format of outputFormats) {
            const expected: ParsedVariantKey = { storagePath, transform: { width, quality, ratio }, format };
            const key = variantKey(storagePath, expected.transform, format);
            expect(parseVariantKey(key)).toEqual(expected);
            expect(parseStoredVariantKey(storedVariantKey(key))).toEqual(expected);
            seen.add(key);
          }
        }
      }
    }
    expect(seen.size).toBe(5 * 5 * 12 * 4);
  });

  it.each([
    'no-slash',
    'g/abc.jpg/',
    '/w-640,q-75.avif',
    'g/w-640,q-75.avif',
    'drafts/abc.jpg/w-640,q-75.avif',
    'g/abc.jpg/w-641,q-75.avif',
    'g/abc.jpg/w-640,q-76.avif',
    'g/abc.jpg/w-0640,q-75.avif',
    'g/abc.jpg/w-640,q-75,r-7x5.avif',
    'g/abc.jpg/w-640,q-75,r-4:5.avif',
    'g/abc.jpg/w-640,q-75.gif',
    'g/abc.jpg/q-75,w-640.avif',
    'g/abc.jpg/w-640,q-75',
    'g/s.jpg/a.avif',
  ])('%j is not a variant key', (key) => {
    expect(parseVariantKey(key)).toBeNull();
    expect(parseStoredVariantKey(`v/${key}`)).toBeNull();
    expect(() => variantSourcePath(key)).toThrow(TypeError);
    expect(() => storedVariantKey(key)).toThrow(TypeError);
  });

  it('a stored variant key is under v/ and nothing else is one', () => {
    expect(parseStoredVariantKey('g/abc.jpg/w-640,q-75.avif')).toBeNull();
    expect(parseStoredVariantKey('v/v/g/abc.jpg/w-640,q-75.avif')).toBeNull();
  });
});

describe('storedVariantPrefix', () => {
  it.each([
    [`g/${sha}.jpg`, `v/g/${sha}.jpg/`],
    [`g/${other}.png`, `v/g/${other}.png/`],
  ])('%s → %s, which every stored variant of it starts with and no other source’s does', (path, prefix) => {
    expect(storedVariantPrefix(path)).toBe(prefix);
    const own = storedVariantKey(variantKey(path, { width: 640, quality: 75, ratio: null }, 'avif'));
    expect(own.startsWith(prefix)).toBe(true);
    for (const neighbour of [`g/${sha}.jp`, `g/${sha}.jpgx`, `g/${other}.jpg`].filter((p) => p !== path)) {
      const key = storedVariantKey(variantKey(neighbour, { width: 640, quality: 75, ratio: null }, 'avif'));
      expect(key.startsWith(prefix)).toBe(false);
    }
  });

  it.each(['g/abc.jpg', 'g/', 'g', '', `g/${sha}`, `g/2024/${sha}.jpg`, `originals/${sha}.jpg`])(
    'refuses %j, which could select other sources’ sets',
    (path) => {
      expect(() => storedVariantPrefix(path)).toThrow(TypeError);
    },
  );
});

describe('sourceCacheTag', () => {
  it.each([
    [`g/${sha}.jpg`, `vitrine-g-${sha}.jpg`],
    ['g/x.avif', 'vitrine-g-x.avif'],
  ])('%s → %s', (storagePath, tag) => {
    expect(sourceCacheTag(storagePath)).toBe(tag);
  });

  it('tells published keys apart (the tag names one source)', () => {
    const keys = [`g/${sha}.jpg`, `g/${sha}.png`, `g/${other}.jpg`];
    expect(new Set(keys.map(sourceCacheTag)).size).toBe(keys.length);
  });
});
