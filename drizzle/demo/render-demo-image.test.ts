import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DEMO_STYLES, type DemoFormat, demoGeneration } from './demo-metadata';
import { renderDemoImage } from './render-demo-image';

/** Stats of the image shrunk to a thumbnail: grain averages out, only real structure is left. */
async function structure(bytes: Uint8Array) {
  const thumb = await sharp(bytes).resize(16, 16, { fit: 'fill' }).png().toBuffer();
  return sharp(thumb).stats();
}

const FORMATS: DemoFormat[] = ['jpeg', 'webp', 'png'];

describe('renderDemoImage', () => {
  it.each(DEMO_STYLES.flatMap((style, i) => [0, 1].map((k) => [style, 10 + i * 7 + k] as const)))(
    'draws a %s picture (seed %i) that is neither flat nor noise',
    async (style, seed) => {
      const format = FORMATS[seed % 3]!;
      const bytes = await renderDemoImage({
        ...demoGeneration(seed),
        style,
        format,
        width: 240,
        height: 160,
      });

      const metadata = await sharp(bytes).metadata();
      expect(metadata).toMatchObject({ format, width: 240, height: 160, channels: 3 });
      expect(metadata.exif).toBeUndefined();

      const stats = await sharp(bytes).stats();
      expect(stats.entropy).toBeGreaterThan(5);
      // Grain alone would give a stdev of ~5 that vanishes in a thumbnail; shapes and gradients do not.
      const thumb = await structure(bytes);
      expect(Math.max(...thumb.channels.slice(0, 3).map((c) => c.stdev))).toBeGreaterThan(15);
    },
  );

  it('renders a generation at its own size and format', async () => {
    const generation = demoGeneration(1);
    const bytes = await renderDemoImage(generation);
    const metadata = await sharp(bytes).metadata();
    expect(metadata).toMatchObject({ format: 'jpeg', width: generation.width, height: generation.height });
    // Grain keeps sizes realistic: a flat render would be a few kilobytes.
    expect(bytes.byteLength).toBeGreaterThan(50_000);
  });

  it('is deterministic', async () => {
    const generation = { ...demoGeneration(5), width: 200, height: 300 };
    expect(Buffer.from(await renderDemoImage(generation)).equals(await renderDemoImage(generation))).toBe(
      true,
    );
  });

  it('draws the scene its prompt names: a night sky is darker than the same sky by day', async () => {
    // Seed 1 is a landscape; only the scene's `night` differs between the two pictures.
    const generation = { ...demoGeneration(1), width: 240, height: 360, format: 'png' as const };
    const skyLuminance = async (night: boolean) => {
      const bytes = await renderDemoImage({ ...generation, scene: { ...generation.scene, night } });
      const sky = await sharp(bytes).extract({ left: 0, top: 0, width: 240, height: 90 }).greyscale().stats();
      return sky.channels[0]!.mean;
    };
    const [night, day] = [await skyLuminance(true), await skyLuminance(false)];
    expect(night).toBeLessThan(day * 0.8);
  });

  it('rejects an unknown palette', async () => {
    await expect(renderDemoImage({ ...demoGeneration(1), palette: 'nope' })).rejects.toThrow(RangeError);
  });
});
