import { describe, expect, it } from 'vitest';
import type { ParseFailureReason } from './parse-path';
import { parseImagePath, publishedPathProblem } from './parse-path';

describe('parseImagePath: accepted', () => {
  it.each([
    ['/i/w-640/g/abc.jpg', 'g/abc.jpg', 640, 75],
    ['/i/w-640,q-80/g/abc.jpg', 'g/abc.jpg', 640, 80],
    ['w-640,q-80/g/abc.jpg', 'g/abc.jpg', 640, 80],
    ['/i/w-640/g/abc.jpg?w=1920&q=100', 'g/abc.jpg', 640, 75],
    ['/i/w-640/g/abc.jpg#frag', 'g/abc.jpg', 640, 75],
    ['/i/w-640?x=/g/abc.jpg', null, 0, 0],
    ['/i//g/abc.jpg', 'g/abc.jpg', 1920, 75],
    ['/i/w-640%2Cq-80/g/abc.jpg', 'g/abc.jpg', 640, 80],
    ['/i/w-640%E0%A4%A/g/abc.jpg', 'g/abc.jpg', 1920, 75],
    ['/i/q-80/g/2024/05/ab_c-d~e.v2.webp', 'g/2024/05/ab_c-d~e.v2.webp', 1920, 80],
    [
      '/i/w-320/g/e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855.png',
      'g/e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855.png',
      320,
      75,
    ],
  ] as const)('%s', (pathname, storagePath, width, quality) => {
    const result = parseImagePath(pathname);
    if (storagePath === null) {
      expect(result).toEqual({ ok: false, status: 404, reason: 'missing-storage-path' });
      return;
    }
    expect(result).toEqual({
      ok: true,
      storagePath,
      transform: { width, quality, ratio: null, height: null },
    });
  });

  it('returns the full normalized transform', () => {
    expect(parseImagePath('/i/w-640,h-400,q-85/g/a.jpg')).toEqual({
      ok: true,
      storagePath: 'g/a.jpg',
      transform: { width: 640, quality: 85, ratio: '16:10', height: 400 },
    });
  });
});

describe('parseImagePath: 404', () => {
  it.each<[string, ParseFailureReason]>([
    ['/g/abc.jpg', 'not-an-image-path'],
    ['/o/g/abc.jpg', 'not-an-image-path'],
    ['/I/w-640/g/abc.jpg', 'not-an-image-path'],
    ['/i/w-640', 'missing-storage-path'],
    ['/i/', 'missing-storage-path'],
    ['', 'missing-storage-path'],
    ['/i/w-640/', 'missing-storage-path'],
    ['/i/w-640/abc.jpg', 'not-published'],
    ['/i/w-640/drafts/abc.jpg', 'not-published'],
    ['/i/w-640/G/abc.jpg', 'not-published'],
    ['/i/w-640/gallery/abc.jpg', 'not-published'],
    ['/i/w-640/g', 'not-published'],
    ['/i/g/abc.jpg', 'not-published'],
    ['/i/w-640/g/', 'bad-segment'],
    ['/i/w-640/g//abc.jpg', 'bad-segment'],
    ['/i/w-640//g/abc.jpg', 'bad-segment'],
    ['/i/w-640/g/abc.jpg/', 'bad-segment'],
    ['/i/w-640/g/./abc.jpg', 'bad-segment'],
    ['/i/w-640/g/../drafts/abc.jpg', 'bad-segment'],
    ['/i/w-640/g/../../etc/passwd', 'bad-segment'],
    ['/i/w-640/./g/abc.jpg', 'bad-segment'],
    ['/i/w-640/../g/abc.jpg', 'bad-segment'],
    ['/i/w-640/g/.env', 'bad-segment'],
    ['/i/w-640/g/abc.', 'bad-segment'],
    ['/i/w-640/g/a..b.jpg', 'bad-segment'],
    ['/i/w-640/g/.../abc.jpg', 'bad-segment'],
    ['/i/w-640/g/%2e%2e/drafts/abc.jpg', 'forbidden-character'],
    ['/i/w-640/g/%2E%2E/drafts/abc.jpg', 'forbidden-character'],
    ['/i/w-640/g/.%2e/drafts/abc.jpg', 'forbidden-character'],
    ['/i/w-640/g/..%2fdrafts%2fabc.jpg', 'forbidden-character'],
    ['/i/w-640/g%2f..%2fdrafts/abc.jpg', 'forbidden-character'],
    ['/i/w-640/g/..%5cdrafts%5cabc.jpg', 'forbidden-character'],
    ['/i/w-640/g/%252e%252e/drafts/abc.jpg', 'forbidden-character'],
    ['/i/w-640/g/%25252e%25252e/drafts/abc.jpg', 'forbidden-character'],
    ['/i/w-640/g/%c0%ae%c0%ae/drafts/abc.jpg', 'forbidden-character'],
    ['/i/w-640/g/%e0%80%ae%e0%80%ae/abc.jpg', 'forbidden-character'],
    ['/i/w-640/g/abc%2ejpg', 'forbidden-character'],
    ['/i/w-640/g/abc.jpg%00.png', 'forbidden-character'],
    ['/i/w-640/g/abc.jpg\u0000', 'forbidden-character'],
    ['/i/w-640/g/ab\u0007c.jpg', 'forbidden-character'],
    ['/i/w-640/g/..\\drafts\\abc.jpg', 'forbidden-character'],
    ['/i/w-640/g\\abc.jpg', 'forbidden-character'],
    ['/i/w-640/g/a b.jpg', 'forbidden-character'],
    ['/i/w-640/g/a:b.jpg', 'forbidden-character'],
    ['/i/w-640/g/\u2025/abc.jpg', 'forbidden-character'],
    ['/i/w-640/g/\uff0e\uff0e/abc.jpg', 'forbidden-character'],
    ['/i/w-640/g/caf\u00e9.jpg', 'forbidden-character'],
    [`/i/w-640/g/${'a'.repeat(511)}`, 'storage-path-too-long'],
    [`/i/w-640/g/${'a'.repeat(10_000)}`, 'storage-path-too-long'],
    [`/i/${'q-1,'.repeat(65)}/g/abc.jpg`, 'transforms-too-long'],
  ])('%j → %s', (pathname, reason) => {
    expect(parseImagePath(pathname)).toEqual({ ok: false, status: 404, reason });
  });

  it('accepts a storage path of exactly 512 characters', () => {
    const storagePath = `g/${'a'.repeat(510)}`;
    expect(parseImagePath(`/i/w-640/${storagePath}`)).toMatchObject({ ok: true, storagePath });
  });

  it('accepts a transform segment of exactly 256 characters', () => {
    const segment = `w-640,${'x'.repeat(250)}`;
    expect(segment).toHaveLength(256);
    expect(parseImagePath(`/i/${segment}/g/a.jpg`)).toMatchObject({ ok: true, transform: { width: 640 } });
  });
});

describe('publishedPathProblem', () => {
  it.each([
    ['g/abc.jpg', null],
    ['g/sub/abc.webp', null],
    ['', 'missing-storage-path'],
    ['drafts/abc.jpg', 'not-published'],
    ['abc.jpg', 'not-published'],
    ['g/../drafts/abc.jpg', 'bad-segment'],
    ['g/%2e%2e/drafts/abc.jpg', 'forbidden-character'],
    ['g/.hidden', 'bad-segment'],
    ['g//abc.jpg', 'bad-segment'],
    ['g\\abc.jpg', 'forbidden-character'],
    [`g/${'a'.repeat(600)}`, 'storage-path-too-long'],
  ])('%j → %j', (storagePath, expected) => {
    expect(publishedPathProblem(storagePath)).toBe(expected);
  });
});
