import { describe, expect, it } from 'vitest';
import { type ImageFormat, sniffImageFormat } from './sniff-format';

const text = (s: string) => Array.from(s, (c) => c.charCodeAt(0));

/** An ISO-BMFF `ftyp` box: size, 'ftyp', major brand, minor version, compatible brands. */
function ftyp(major: string, compatible: string[], extra: number[] = []): number[] {
  const size = 16 + 4 * compatible.length;
  return [0, 0, 0, size, ...text('ftyp'), ...text(major), 0, 0, 0, 0, ...compatible.flatMap(text), ...extra];
}

const cases: Array<[name: string, bytes: number[], expected: ImageFormat | null]> = [
  ['JPEG (JFIF)', [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...text('JFIF')], 'jpeg'],
  ['JPEG (Exif)', [0xff, 0xd8, 0xff, 0xe1, 0x00, 0x10, ...text('Exif')], 'jpeg'],
  ['PNG', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, ...text('IHDR')], 'png'],
  ['WebP', [...text('RIFF'), 0x24, 0, 0, 0, ...text('WEBPVP8 ')], 'webp'],
  ['AVIF (major brand)', ftyp('avif', ['mif1', 'miaf'], [0, 0, 0, 0]), 'avif'],
  ['AVIF (compatible brand)', ftyp('mif1', ['miaf', 'avif']), 'avif'],
  ['HEIC is not AVIF', ftyp('heic', ['mif1', 'heic']), null],
  ['MP4 is not AVIF', ftyp('isom', ['isom', 'mp41']), null],
  ['ftyp box longer than the bytes', ftyp('mif1', ['avif']).slice(0, 18), null],
  ['PNG signature cut short', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a], null],
  ['JPEG SOI without a marker', [0xff, 0xd8], null],
  ['RIFF WAVE', [...text('RIFF'), 0x24, 0, 0, 0, ...text('WAVEfmt ')], null],
  ['GIF', text('GIF89a\x01\x00\x01\x00'), null],
  ['BMP', text('BM6\x00\x00\x00'), null],
  ['SVG', text('<svg xmlns="http://www.w3.org/2000/svg"/>'), null],
  ['empty', [], null],
];

describe('sniffImageFormat', () => {
  it.each(cases)('%s', (_name, bytes, expected) => {
    expect(sniffImageFormat(Uint8Array.from(bytes))).toBe(expected);
  });
});
