import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { halves, jpeg, pixel, pngHeaderOnly, solid } from '@/tests/support/test-images';
import { sourceLimits } from '@/lib/images/source-limits';
import { ImageTooLargeError, UnsupportedImageError } from '@/lib/ingest/read-image-header';
import { outputBox, TransformFailedError, transformImage } from './transform-image';
import type { OutputFormat } from './types';

const ascii = (bytes: Uint8Array, start: number, end: number) =>
  Buffer.from(bytes.subarray(start, end)).toString('latin1');

describe('outputBox', () => {
  it('keeps the source aspect without a height and never exceeds the source width', () => {
    expect(outputBox(2000, 1000, { width: 640 })).toEqual({ width: 640, height: 320 });
    expect(outputBox(500, 400, { width: 1920 })).toEqual({ width: 500, height: 400 });
  });

  it('gives the exact box when it fits, and scales the whole box down when it does not', () => {
    expect(outputBox(2000, 1000, { width: 640, height: 640 })).toEqual({ width: 640, height: 640 });
    // 1920×1080 over 500×400: the width is the tighter bound, the 16:9 ratio is kept.
    expect(outputBox(500, 400, { width: 1920, height: 1080 })).toEqual({ width: 500, height: 281 });
    // 9:16 from a landscape source: the height binds even though the width would fit.
    expect(outputBox(2000, 1000, { width: 960, height: 1707 })).toEqual({ width: 562, height: 1000 });
  });
});

describe('transformImage', () => {
  it('resizes a 2000×1000 source to w640 → 640×320 AVIF, reporting what the bytes are', async () => {
    const out = await transformImage(await jpeg(2000, 1000), { width: 640, quality: 75, format: 'avif' });
    expect(out).toMatchObject({ width: 640, height: 320, format: 'avif', contentType: 'image/avif' });
    expect(ascii(out.bytes, 4, 12)).toBe('ftypavif');
    const meta = await sharp(out.bytes).metadata();
    expect([meta.format, meta.compression, meta.width, meta.height]).toEqual(['heif', 'av1', 640, 320]);
  });

  it('produces an exact box with fit cover when a height is given', async () => {
    const source = await (await halves(2000, 1000)).jpeg().toBuffer();
    const out = await transformImage(source, { width: 640, height: 640, quality: 75, format: 'webp' });
    expect(out).toMatchObject({ width: 640, height: 640, format: 'webp', contentType: 'image/webp' });
    expect([ascii(out.bytes, 0, 4), ascii(out.bytes, 8, 12)]).toEqual(['RIFF', 'WEBP']);
    // Centre crop of a red|blue split: both colours still meet in the middle.
    expect((await pixel(out.bytes, 10, 320))[0]).toBeGreaterThan(200);
    expect((await pixel(out.bytes, 630, 320))[2]).toBeGreaterThan(200);
  });

  it('never enlarges: a 500-wide source asked for 1920 stays 500 wide', async () => {
    const out = await transformImage(await jpeg(500, 400), { width: 1920, quality: 75, format: 'jpeg' });
    expect(out).toMatchObject({ width: 500, height: 400, format: 'jpeg', contentType: 'image/jpeg' });
    expect([...out.bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
  });

  it('never enlarges with a height either, and keeps the requested ratio', async () => {
    const out = await transformImage(await jpeg(500, 400), {
      width: 1920,
      height: 1080,
      quality: 75,
      format: 'jpeg',
    });
    expect([out.width, out.height]).toEqual([500, 281]);
  });

  it.each<OutputFormat>(['avif', 'webp', 'jpeg', 'png'])('produces %s when asked', async (format) => {
    const out = await transformImage(await jpeg(300, 200), { width: 160, quality: 60, format });
    expect(out.format).toBe(format);
    const meta = await sharp(out.bytes).metadata();
    expect(meta.format).toBe(format === 'avif' ? 'heif' : format);
  });

  it('keeps alpha in PNG output and flattens it onto white for JPEG', async () => {
    const transparent = await solid(120, 80, { r: 0, g: 0, b: 0, alpha: 0 }, 4).png().toBuffer();
    const png = await transformImage(transparent, { width: 60, quality: 75, format: 'png' });
    expect(png).toMatchObject({ format: 'png', contentType: 'image/png', width: 60, height: 40 });
    expect((await sharp(png.bytes).metadata()).hasAlpha).toBe(true);
    const jpg = await transformImage(transparent, { width: 60, quality: 75, format: 'jpeg' });
    const [r, g, b] = await pixel(jpg.bytes, 30, 20);
    expect(Math.min(r, g, b)).toBeGreaterThan(245);
  });

  it('strips EXIF (GPS included), XMP, IPTC and ICC from every output format', async () => {
    const source = await solid(400, 300)
      .jpeg()
      .withExif({
        IFD0: { Copyright: 'SECRET-OWNER', Make: 'SecretCam' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1', GPSLongitudeRef: 'E' },
      })
      .withXmp(
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">' +
          '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
          '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="SECRET-XMP"/>' +
          '</rdf:RDF></x:xmpmeta>',
      )
      .withIccProfile('p3')
      .toBuffer();
    const input = await sharp(source).metadata();
    expect([Boolean(input.exif), Boolean(input.xmp), input.hasProfile]).toEqual([true, true, true]);

    for (const format of ['avif', 'webp', 'jpeg', 'png'] as const) {
      const out = await transformImage(source, { width: 200, quality: 75, format });
      const meta = await sharp(out.bytes).metadata();
      expect({ format, exif: meta.exif, xmp: meta.xmp, iptc: meta.iptc, icc: meta.icc }).toEqual({ format });
      expect(meta.hasProfile).toBe(false);
      expect(meta.orientation).toBeUndefined();
      const text = Buffer.from(out.bytes).toString('latin1');
      for (const secret of ['SECRET', 'Exif\0\0', 'GPS', 'xmpmeta']) expect(text).not.toContain(secret);
    }
  });

  it('converts colour-managed sources to sRGB before dropping the profile', async () => {
    // (200,100,50) in sRGB, stored as Display P3 numbers with the P3 profile attached.
    const p3 = await solid(16, 16, { r: 200, g: 100, b: 50 }).withIccProfile('p3').png().toBuffer();
    const stored = await pixel(await sharp(p3, { ignoreIcc: true }).png().toBuffer(), 8, 8);
    expect(Math.abs(stored[0] - 200)).toBeGreaterThan(5);
    const out = await transformImage(p3, { width: 16, quality: 75, format: 'png' });
    const [r, g, b] = await pixel(out.bytes, 8, 8);
    expect(Math.abs(r - 200) + Math.abs(g - 100) + Math.abs(b - 50)).toBeLessThanOrEqual(4);
  });

  it('auto-orients from EXIF: orientation 6 over 200×100 stored pixels is a portrait', async () => {
    const source = await (await halves(200, 100)).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    expect((await sharp(source).metadata()).orientation).toBe(6);
    const out = await transformImage(source, { width: 640, quality: 75, format: 'png' });
    expect([out.width, out.height]).toEqual([100, 200]);
    // Rotated 90° clockwise: the stored left (red) half is now on top.
    const [topRed, , topBlue] = await pixel(out.bytes, 50, 20);
    const [bottomRed, , bottomBlue] = await pixel(out.bytes, 50, 180);
    expect([topRed > 200, topBlue < 50, bottomRed < 50, bottomBlue > 200]).toEqual([true, true, true, true]);
  });

  it('rejects a side over 12,000 px from the header', async () => {
    const source = await solid(12_001, 10).png().toBuffer();
    const error = await transformImage(source, { width: 640, quality: 75, format: 'webp' }).catch((e) => e);
    expect(error).toBeInstanceOf(ImageTooLargeError);
    expect(error.reason).toBe('side');
  });

  it('rejects more than 100 MP before decoding a single pixel', async () => {
    // 10,001² px under a valid header with junk pixel data: decoding would fail differently.
    const error = await transformImage(pngHeaderOnly(10_001, 10_001), {
      width: 640,
      quality: 75,
      format: 'webp',
    }).catch((e) => e);
    expect(error).toBeInstanceOf(ImageTooLargeError);
    expect(error.reason).toBe('pixels');
  });

  it('rejects sources over 70 MB before reading them', async () => {
    const huge = new Uint8Array(sourceLimits.maxBytes + 1);
    huge.set([0xff, 0xd8, 0xff]);
    const error = await transformImage(huge, { width: 640, quality: 75, format: 'avif' }).catch((e) => e);
    expect(error).toBeInstanceOf(ImageTooLargeError);
    expect(error.reason).toBe('bytes');
  });

  it('refuses loaders the product does not accept: SVG, GIF, TIFF, HEIC brand, unknown bytes', async () => {
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64"/></svg>',
    );
    const gif = await solid(64, 64).gif().toBuffer();
    const tiff = await solid(64, 64).tiff().toBuffer();
    const heic = Buffer.concat([
      Buffer.from([0, 0, 0, 24]),
      Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1'),
    ]);
    const unknown = Buffer.from('just some bytes, no image here');
    for (const source of [svg, gif, tiff, heic, unknown]) {
      const error = await transformImage(source, { width: 32, quality: 75, format: 'png' }).catch((e) => e);
      expect(error).toBeInstanceOf(UnsupportedImageError);
      expect(error.reason).toBe('format');
    }
  });

  it('accepts the four product formats as sources, AVIF included', async () => {
    const base = solid(80, 60);
    const sources = await Promise.all([
      base.clone().jpeg().toBuffer(),
      base.clone().png().toBuffer(),
      base.clone().webp().toBuffer(),
      base.clone().avif().toBuffer(),
    ]);
    for (const source of sources) {
      const out = await transformImage(source, { width: 40, quality: 75, format: 'webp' });
      expect([out.width, out.height]).toEqual([40, 30]);
    }
  });

  it('reports a header that does not parse as undecodable', async () => {
    const bogus = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(64, 7),
    ]);
    const error = await transformImage(bogus, { width: 32, quality: 75, format: 'png' }).catch((e) => e);
    expect(error).toBeInstanceOf(UnsupportedImageError);
    expect(error.reason).toBe('undecodable');
  });

  it('fails (rather than serving a half-grey image) on truncated pixel data', async () => {
    const whole = await (await halves(600, 400)).jpeg().toBuffer();
    const truncated = whole.subarray(0, Math.floor(whole.length / 2));
    const error = await transformImage(truncated, { width: 300, quality: 75, format: 'jpeg' }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(TransformFailedError);
  });

  it('rejects malformed requests as programming errors', async () => {
    const source = await jpeg(40, 40);
    for (const request of [
      { width: 0, quality: 75, format: 'avif' },
      { width: 64.5, quality: 75, format: 'avif' },
      { width: 64, height: -1, quality: 75, format: 'avif' },
      { width: 64, quality: 0, format: 'avif' },
      { width: 64, quality: 75, format: 'gif' },
    ]) {
      await expect(transformImage(source, request as never)).rejects.toBeInstanceOf(TypeError);
    }
  });
});
