import { createHash } from 'node:crypto';
import { decode, isBlurhashValid } from 'blurhash';
import sharp, { type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import { analyzeImage, blurhashComponents, type ImageAnalysis, imageColumns } from './analyze-image';
import { ImageTooLargeError, UnsupportedImageError } from './read-image-header';

const BASE83 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~';

/** A two-axis gradient, so blurhash has something to describe and encoders cannot collapse it. */
function gradient(width: number, height: number, channels: 3 | 4 = 3): Sharp {
  const data = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * channels;
      data[i] = Math.round((255 * x) / width);
      data[i + 1] = Math.round((255 * y) / height);
      data[i + 2] = 128;
      if (channels === 4) data[i + 3] = x < width / 2 ? 255 : 64;
    }
  }
  return sharp(data, { raw: { width, height, channels } });
}

function componentsOf(blurhash: string): { x: number; y: number } {
  const sizeFlag = BASE83.indexOf(blurhash[0]!);
  return { x: (sizeFlag % 9) + 1, y: Math.floor(sizeFlag / 9) + 1 };
}

const encoders = {
  jpeg: (img: Sharp) => img.jpeg({ quality: 90 }),
  png: (img: Sharp) => img.png(),
  webp: (img: Sharp) => img.webp({ quality: 80 }),
  avif: (img: Sharp) => img.avif({ quality: 60, effort: 0 }),
} as const;

describe('analyzeImage', () => {
  it.each([
    ['jpeg', 'jpg', 'image/jpeg'],
    ['png', 'png', 'image/png'],
    ['webp', 'webp', 'image/webp'],
    ['avif', 'avif', 'image/avif'],
  ] as const)('reads a %s image', async (format, extension, contentType) => {
    const bytes = new Uint8Array(await encoders[format](gradient(300, 200)).toBuffer());
    const analysis = await analyzeImage(bytes);

    expect(analysis).toMatchObject({ format, extension, contentType, width: 300, height: 200 });
    expect(analysis.bytes).toBe(bytes.byteLength);
    expect(analysis.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(analysis.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(analysis.hasAlpha).toBe(false);
    expect(isBlurhashValid(analysis.blurhash)).toEqual({ result: true });
    expect(componentsOf(analysis.blurhash)).toEqual({ x: 4, y: 3 });
    expect(analysis.blurhash).toHaveLength(4 + 2 * 4 * 3);
  });

  it('produces a blurhash that decodes to the image colours', async () => {
    const left = { create: { width: 150, height: 200, channels: 3, background: '#d02010' } } as const;
    const bytes = await sharp({ create: { ...left.create, width: 300, background: '#1030d0' } })
      .composite([{ input: await sharp(left).png().toBuffer(), left: 0, top: 0 }])
      .png()
      .toBuffer();
    const { blurhash } = await analyzeImage(bytes);
    const pixels = decode(blurhash, 30, 20);
    const at = (x: number, y: number) => Array.from(pixels.subarray((y * 30 + x) * 4, (y * 30 + x) * 4 + 3));
    const [r1, , b1] = at(3, 10);
    const [r2, , b2] = at(26, 10);
    expect(r1!).toBeGreaterThan(b1! + 80);
    expect(b2!).toBeGreaterThan(r2! + 80);
  });

  it('reports alpha for a PNG with transparency', async () => {
    const analysis = await analyzeImage(await gradient(64, 64, 4).png().toBuffer());
    expect(analysis.hasAlpha).toBe(true);
    expect(componentsOf(analysis.blurhash)).toEqual({ x: 4, y: 4 });
  });

  it('picks blurhash components from the aspect', async () => {
    const portrait = await analyzeImage(await gradient(200, 300).webp().toBuffer());
    expect(componentsOf(portrait.blurhash)).toEqual({ x: 3, y: 4 });
    expect(blurhashComponents(1920, 1080)).toEqual({ x: 4, y: 3 });
    expect(blurhashComponents(1080, 1920)).toEqual({ x: 3, y: 4 });
    expect(blurhashComponents(1024, 1024)).toEqual({ x: 4, y: 4 });
  });

  it('reports dimensions after EXIF orientation', async () => {
    const bytes = await gradient(300, 200).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    expect((await sharp(bytes).metadata()).orientation).toBe(6);

    const analysis = await analyzeImage(bytes);
    expect(analysis).toMatchObject({ width: 200, height: 300 });
    expect(componentsOf(analysis.blurhash)).toEqual({ x: 3, y: 4 });
  });

  it.each([
    ['random bytes', Uint8Array.from({ length: 512 }, (_, i) => (i * 7919 + 13) % 256)],
    ['empty input', new Uint8Array()],
    ['SVG', new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')],
  ])('rejects %s as an unknown format', async (_name, bytes) => {
    const error = await analyzeImage(bytes).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedImageError);
    expect((error as UnsupportedImageError).reason).toBe('format');
  });

  it('rejects a GIF, which sharp could decode but ingest does not accept', async () => {
    const gif = await gradient(20, 20).gif().toBuffer();
    await expect(analyzeImage(gif)).rejects.toBeInstanceOf(UnsupportedImageError);
  });

  it('rejects a JPEG signature over garbage as undecodable', async () => {
    const bytes = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, ...Array.from({ length: 200 }, (_, i) => i)]);
    const error = await analyzeImage(bytes).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedImageError);
    expect((error as UnsupportedImageError).reason).toBe('undecodable');
  });

  it('rejects a truncated image as undecodable', async () => {
    const full = await gradient(400, 300).png().toBuffer();
    const error = await analyzeImage(full.subarray(0, Math.floor(full.length / 2))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedImageError);
    expect((error as UnsupportedImageError).reason).toBe('undecodable');
  });

  it('rejects images past the side limit before decoding them', async () => {
    const wide = await sharp({ create: { width: 12_001, height: 1, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    await expect(analyzeImage(wide)).rejects.toBeInstanceOf(ImageTooLargeError);
  });
});

describe('imageColumns', () => {
  it('stores the published key as the storage path, with the image facts', () => {
    const analysis: ImageAnalysis = {
      sha256: 'ab'.repeat(32),
      format: 'jpeg',
      extension: 'jpg',
      contentType: 'image/jpeg',
      width: 640,
      height: 480,
      bytes: 1234,
      hasAlpha: false,
      blurhash: 'LEHV6nWB2yk8pyo0adR*.7kCMdnj',
    };
    expect(imageColumns(analysis)).toEqual({
      storageKey: `g/${'ab'.repeat(32)}.jpg`,
      sha256: 'ab'.repeat(32),
      width: 640,
      height: 480,
      blurhash: 'LEHV6nWB2yk8pyo0adR*.7kCMdnj',
      format: 'jpeg',
      bytes: 1234,
    });
  });
});
