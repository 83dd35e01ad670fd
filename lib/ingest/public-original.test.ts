import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { jpegWithGps, solid, withPngChunks } from '@/tests/support/test-images';
import { readPngChunks, readPngText } from './png-chunks';
import { publicOriginal, stripJpeg } from './public-original';

async function pixels(bytes: Uint8Array): Promise<Buffer> {
  return sharp(bytes).raw().toBuffer();
}

/** Every metadata field sharp can see that could carry personal data. */
async function personalMetadata(bytes: Uint8Array) {
  const { exif, xmp, iptc, comments } = await sharp(bytes).metadata();
  return { exif: exif ?? null, xmp: xmp ?? null, iptc: iptc ?? null, comments: comments ?? [] };
}

const none = { exif: null, xmp: null, iptc: null, comments: [] };

describe('publicOriginal', () => {
  it('takes EXIF (GPS included) and XMP out of a JPEG and keeps its pixels bit for bit', async () => {
    const upload = await jpegWithGps(320, 200);
    const before = await personalMetadata(upload);
    expect(before.exif).not.toBeNull();
    expect(before.xmp).not.toBeNull();
    expect(Buffer.from(upload).includes('PhoneMaker')).toBe(true);

    const published = await publicOriginal(upload, 'jpeg');
    expect(await personalMetadata(published)).toEqual(none);
    expect(Buffer.from(published).includes('PhoneMaker')).toBe(false);
    expect(Buffer.from(published).includes('Jane Doe')).toBe(false);
    expect((await pixels(published)).equals(await pixels(upload))).toBe(true);
    expect(published.length).toBeLessThan(upload.length);
  });

  it('drops a JPEG comment and anything hidden after the end of the image', async () => {
    const plain = await solid(64, 64).jpeg().toBuffer();
    const comment = Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0x0a]), Buffer.from('secret!!')]);
    const upload = Buffer.concat([
      plain.subarray(0, 2),
      comment,
      plain.subarray(2),
      Buffer.from('trailing payload'),
    ]);
    const published = stripJpeg(upload);
    expect(Buffer.from(published).equals(plain)).toBe(true);
  });

  it('keeps a JPEG ICC profile (colour is not personal data)', async () => {
    const upload = await solid(64, 64)
      .jpeg()
      .withIccProfile('p3')
      .withExif({ IFD0: { Artist: 'me' } })
      .toBuffer();
    const published = await publicOriginal(upload, 'jpeg');
    const metadata = await sharp(published).metadata();
    expect(metadata.icc).toBeDefined();
    expect(metadata.exif).toBeUndefined();
  });

  it('takes every text chunk (generation parameters included) and eXIf out of a PNG', async () => {
    const png = await solid(64, 48, { r: 1, g: 2, b: 3 }, 4).png().toBuffer();
    const upload = withPngChunks(png, [
      { keyword: 'parameters', text: 'a cat\nSteps: 20, Seed: 1' },
      { type: 'iTXt', keyword: 'workflow', text: '{"nodes":[]}' },
      { type: 'tIME', keyword: '', text: 'x' },
    ]);
    expect(readPngText(upload).get('parameters')).toBe('a cat\nSteps: 20, Seed: 1');
    const published = await publicOriginal(upload, 'png');
    expect(readPngText(published).size).toBe(0);
    expect(readPngChunks(published).map((chunk) => chunk.type)).toEqual(['IHDR', 'pHYs', 'IDAT', 'IEND']);
    expect((await pixels(published)).equals(await pixels(upload))).toBe(true);
  });

  it('takes EXIF and XMP out of a WebP, fixing the container', async () => {
    const upload = await solid(64, 64)
      .webp({ quality: 90 })
      .withExif({ IFD0: { Artist: 'someone' } })
      .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"/>')
      .toBuffer();
    expect((await personalMetadata(upload)).exif).not.toBeNull();
    const published = await publicOriginal(upload, 'webp');
    expect(await personalMetadata(published)).toEqual(none);
    expect(Buffer.from(published).readUInt32LE(4)).toBe(published.length - 8);
    expect((await pixels(published)).equals(await pixels(upload))).toBe(true);
  });

  it('re-encodes, upright, an image whose EXIF orientation turns it (the tag cannot go alone)', async () => {
    const upload = await solid(80, 40).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    expect((await sharp(upload).metadata()).orientation).toBe(6);
    const published = await publicOriginal(upload, 'jpeg');
    const metadata = await sharp(published).metadata();
    expect([metadata.width, metadata.height, metadata.orientation ?? 1]).toEqual([40, 80, 1]);
    expect(metadata.exif).toBeUndefined();
  });

  it('passes an AVIF without metadata through untouched, and re-encodes one with EXIF', async () => {
    const clean = await solid(64, 64).avif().toBuffer();
    expect(Buffer.from(await publicOriginal(clean, 'avif')).equals(clean)).toBe(true);
    const tagged = await solid(64, 64)
      .avif()
      .withExif({ IFD0: { Artist: 'someone' } })
      .toBuffer();
    expect(await personalMetadata(await publicOriginal(tagged, 'avif'))).toEqual(none);
  });
});
