import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aspectRatioNames, heightForRatio, outputFormats, qualitySteps, widthLadder } from '../images/ladder';
import { variantKey } from '../images/storage-keys';
import { formatTransform } from '../images/transforms';
import { normalizeTransform } from './normalize';
import { parseImagePath } from './parse-path';
import { VARIANTS_PER_SOURCE } from '@/tests/support/variant-count';

const runs = { numRuns: 2000 };

/** Every key one source can ever have, enumerated from the registries. */
function allKeysFor(storagePath: string): Set<string> {
  const keys = new Set<string>();
  for (const width of widthLadder) {
    for (const quality of qualitySteps) {
      for (const ratio of [null, ...aspectRatioNames]) {
        for (const format of outputFormats) {
          keys.add(variantKey(storagePath, { width, quality, ratio }, format));
        }
      }
    }
  }
  return keys;
}

const interestingKeys = fc.constantFrom('w', 'q', 'h', 'W', 'Q', 'x', 'fit', 'format', 'dpr', 'w ', '');
const interestingValues = fc.oneof(
  fc.integer({ min: -10, max: 200_000 }).map(String),
  fc.nat({ max: 100 }).map(String),
  fc.bigInt({ min: 0n, max: 10n ** 30n }).map(String),
  fc.constantFrom('abc', '1e3', '640.5', '', '-', '0x280', '+640', '٣٢٠', '６４０', 'Infinity', 'NaN', '00'),
  fc.string({ unit: 'binary', maxLength: 8 }),
);
const token = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(interestingKeys, interestingValues).map(([k, v]) => `${k}-${v}`) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
);
/** Transform segments: random keys, values, junk, Unicode, duplicates. */
const transformSegment = fc.array(token, { maxLength: 12 }).map((tokens) => tokens.join(','));
const format = fc.constantFrom(...outputFormats);

describe('normalization lands in the finite variant space', () => {
  it('width, quality and ratio are registry values; height follows from them', () => {
    fc.assert(
      fc.property(transformSegment, (segment) => {
        const t = normalizeTransform(segment);
        expect(widthLadder).toContain(t.width);
        expect(qualitySteps).toContain(t.quality);
        if (t.ratio === null) expect(t.height).toBeNull();
        else {
          expect(aspectRatioNames).toContain(t.ratio);
          expect(t.height).toBe(heightForRatio(t.width, t.ratio));
        }
      }),
      runs,
    );
  });

  it('every key for one source is one of exactly VARIANTS_PER_SOURCE keys', () => {
    const all = allKeysFor('g/abc.jpg');
    expect(all.size).toBe(VARIANTS_PER_SOURCE);
    const seen = new Set<string>();
    fc.assert(
      fc.property(transformSegment, format, (segment, f) => {
        const key = variantKey('g/abc.jpg', normalizeTransform(segment), f);
        expect(all.has(key)).toBe(true);
        seen.add(key);
      }),
      runs,
    );
    expect(seen.size).toBeLessThanOrEqual(VARIANTS_PER_SOURCE);
  });

  it('equal normalizations ⇔ equal keys', () => {
    fc.assert(
      fc.property(transformSegment, transformSegment, format, (a, b, f) => {
        const na = normalizeTransform(a);
        const nb = normalizeTransform(b);
        const sameNormalization =
          na.width === nb.width &&
          na.quality === nb.quality &&
          na.ratio === nb.ratio &&
          na.height === nb.height;
        expect(variantKey('g/a.jpg', na, f) === variantKey('g/a.jpg', nb, f)).toBe(sameNormalization);
      }),
      runs,
    );
  });

  it('the canonical URL of a normalization normalizes to itself', () => {
    fc.assert(
      fc.property(transformSegment, (segment) => {
        const t = normalizeTransform(segment);
        const canonical = formatTransform({
          width: t.width,
          quality: t.quality,
          ...(t.ratio === null ? {} : { ratio: t.ratio }),
        });
        expect(normalizeTransform(canonical)).toEqual(t);
      }),
      runs,
    );
  });

  it('permuting distinct parameters never changes the key', () => {
    const safeKey = fc.oneof(
      interestingKeys.filter((k) => k !== ''),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 5 }).filter((k) => !/[,-]/.test(k)),
    );
    const safeValue = interestingValues.filter((v) => !v.includes(','));
    const params = fc.uniqueArray(fc.tuple(safeKey, safeValue), { selector: ([k]) => k, maxLength: 8 });
    const paramsAndPermutation = params.chain((list) =>
      fc.tuple(
        fc.constant(list),
        fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }),
      ),
    );
    fc.assert(
      fc.property(paramsAndPermutation, format, ([list, permuted], f) => {
        const join = (pairs: [string, string][]) => pairs.map(([k, v]) => `${k}-${v}`).join(',');
        expect(variantKey('g/a.jpg', normalizeTransform(join(permuted)), f)).toBe(
          variantKey('g/a.jpg', normalizeTransform(join(list)), f),
        );
      }),
      runs,
    );
  });
});

const pathSegment = fc.oneof(
  fc.constantFrom(
    'g',
    'G',
    'drafts',
    'abc.jpg',
    '..',
    '.',
    '',
    '%2e%2e',
    '%2E.',
    '.%2e',
    '%2f',
    '%5c',
    '%252e%252e',
    '%c0%ae%c0%ae',
    '%00',
    '\u0000',
    '\\',
    '..\\..',
    '\uff0e\uff0e',
    'a?b',
    'a#b',
    'w-640',
  ),
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.string({ unit: 'binary-ascii', maxLength: 6 }),
);
const safeName = fc.stringMatching(/^[A-Za-z0-9_~-]{1,8}(\.[a-z0-9]{1,4})?$/);
const pathname = fc.oneof(
  // Anything at all, from a handful of prefixes.
  fc
    .tuple(fc.constantFrom('/i/', '', '/', '/i//', '/o/'), fc.array(pathSegment, { maxLength: 8 }))
    .map(([prefix, segments]) => prefix + segments.join('/')),
  // Shaped like a real URL, so that many cases reach the accepting branch and its checks.
  fc
    .tuple(
      fc.constantFrom('/i/w-640/', 'w-640/', '/i/q-80,h-400/'),
      fc.constantFrom('g', 'g', 'g', 'G', '..', '%2e%2e', 'drafts'),
      fc.array(fc.oneof({ weight: 6, arbitrary: safeName }, { weight: 1, arbitrary: pathSegment }), {
        minLength: 1,
        maxLength: 5,
      }),
    )
    .map(([prefix, namespace, segments]) => `${prefix}${namespace}/${segments.join('/')}`),
);

describe('storage paths', () => {
  it('a path that parses is canonical and stays under g/', () => {
    let accepted = 0;
    fc.assert(
      fc.property(pathname, (path) => {
        const result = parseImagePath(path);
        if (!result.ok) {
          expect(result.status).toBe(404);
          return;
        }
        accepted++;
        const { storagePath } = result;
        expect(storagePath.startsWith('g/')).toBe(true);
        expect(storagePath).not.toContain('..');
        expect(storagePath).not.toContain('\\');
        expect(storagePath).not.toContain('%');
        expect(storagePath.split('/')).not.toContain('');
        expect(storagePath.length).toBeLessThanOrEqual(512);
        expect([...storagePath].every((char) => char >= '!' && char <= '~')).toBe(true);
        // Canonical: URL resolution changes nothing, so no runtime can read it as another path.
        expect(new URL(`http://x/${storagePath}`).pathname).toBe(`/${storagePath}`);
        expect(allKeysFor(storagePath).has(variantKey(storagePath, result.transform, 'avif'))).toBe(true);
      }),
      { numRuns: 5000 },
    );
    // The generator must reach the accepting branch, or the property above proves nothing.
    expect(accepted).toBeGreaterThan(500);
  });

  it('the query string never changes the result', () => {
    fc.assert(
      fc.property(pathname, fc.string({ unit: 'binary', maxLength: 40 }), (path, query) => {
        expect(parseImagePath(`${path}?${query}`)).toEqual(parseImagePath(path.split(/[?#]/)[0]!));
        if (!/[?#]/.test(path)) expect(parseImagePath(`${path}?${query}`)).toEqual(parseImagePath(path));
      }),
      runs,
    );
  });

  it('valid published paths with arbitrary transforms always parse', () => {
    const name = fc
      .stringMatching(/^[a-z0-9][a-z0-9._-]{0,40}$/)
      .filter((n) => !n.includes('..') && !n.endsWith('.'));
    fc.assert(
      fc.property(transformSegment, name, (segment, file) => {
        const safeSegment = segment.replace(/[/?#]/g, '');
        if (safeSegment.length > 256) return;
        const result = parseImagePath(`/i/${safeSegment}/g/${file}`);
        expect(result).toMatchObject({ ok: true, storagePath: `g/${file}` });
      }),
      runs,
    );
  });
});
