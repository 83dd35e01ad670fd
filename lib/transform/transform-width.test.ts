import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { displayFormats } from '@/lib/image-guard/display-set';
import { transformImage, transformWidth } from './transform-image';

/**
 * The display set is made a width at a time (one decode and resize for its formats); what it stores
 * must be byte for byte what `/i/` makes for the same URL on request (transformImage), or one URL
 * would have two answers. Checked on every decodable file of the hostile corpus: JPEG with and
 * without shrink-on-load, progressive, CMYK, Display P3, every EXIF orientation, 16-bit, palette and
 * grey-alpha PNG, APNG, lossless and animated WebP, 8- and 10-bit AVIF.
 */
const corpus = path.join(import.meta.dirname, '..', '..', 'tests', 'hostile', 'corpus');
const sources = [
  'progressive.jpg',
  'cmyk.jpg',
  'display-p3.jpg',
  'exif-gps.jpg',
  ...Array.from({ length: 8 }, (_, i) => `orientation-${i + 1}.jpg`),
  'rgb-16bit.png',
  'palette-trns.png',
  'grey-alpha.png',
  'interlaced.png',
  'apng.png',
  'lossless-alpha.webp',
  'animated.webp',
  'photo.avif',
  'avif-10bit.avif',
];

/** A photograph-like JPEG and PNG that declare 300 dpi: encoders that write a density must agree. */
async function declaring300dpi(format: 'jpeg' | 'png'): Promise<Uint8Array> {
  const noisy = sharp({
    create: {
      width: 1400,
      height: 900,
      channels: 3,
      background: '#446',
      noise: { type: 'gaussian', mean: 120, sigma: 40 },
    },
  }).withDensity(300);
  return format === 'jpeg' ? noisy.jpeg({ quality: 90 }).toBuffer() : noisy.png().toBuffer();
}

describe('transformWidth', () => {
  it.each([...sources, '300 dpi.jpg', '300 dpi.png'])(
    '%s: every format of a width, byte for byte what transformImage makes',
    async (name) => {
      const bytes = name.startsWith('300 dpi')
        ? await declaring300dpi(name.endsWith('.jpg') ? 'jpeg' : 'png')
        : new Uint8Array(fs.readFileSync(path.join(corpus, name)));
      const formats = displayFormats(`g/x${path.extname(name)}`);
      for (const width of [320, 960]) {
        const together = await transformWidth(bytes, { width, quality: 75, formats });
        expect(together.map((variant) => variant.format)).toEqual(formats);
        for (const [i, format] of formats.entries()) {
          const alone = await transformImage(bytes, { width, quality: 75, format });
          expect(
            Buffer.from(together[i]!.bytes).equals(Buffer.from(alone.bytes)),
            `${name} w${width} ${format}`,
          ).toBe(true);
          expect([together[i]!.width, together[i]!.height]).toEqual([alone.width, alone.height]);
        }
      }
    },
    60_000,
  );
});
