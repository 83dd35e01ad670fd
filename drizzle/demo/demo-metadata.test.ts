import { describe, expect, it } from 'vitest';
import { DEMO_ASPECTS, DEMO_FORMATS, DEMO_PALETTES, DEMO_STYLES, demoGeneration } from './demo-metadata';

const SEEDS = Array.from({ length: 1000 }, (_, i) => i + 1);
const all = SEEDS.map(demoGeneration);

describe('demoGeneration', () => {
  it('is deterministic', () => {
    expect(demoGeneration(1)).toEqual(demoGeneration(1));
    expect(demoGeneration(123_456)).toEqual(demoGeneration(123_456));
    expect(demoGeneration(1).prompt).not.toBe(demoGeneration(2).prompt);
  });

  it('describes seed 1 exactly', () => {
    expect(demoGeneration(1)).toEqual({
      prompt:
        'a tiny sailboat in a vast bay at dawn, atmospheric haze, warm glow on the horizon, ' +
        'neon magenta and cyan tones, Studio Ghibli inspired, oil painting, impasto',
      negativePrompt: 'deformed, lowres, text, oversaturated, extra limbs, worst quality',
      model: 'SDXL 1.0',
      seed: 1,
      params: { steps: 26, cfgScale: 8.5, sampler: 'DPM++ SDE Karras' },
      author: '@mira_renders',
      aspect: '9:16',
      width: 576,
      height: 1024,
      format: 'jpeg',
      style: 'landscape',
      palette: 'neon',
    });
  });

  it('rejects seeds that are not integers', () => {
    expect(() => demoGeneration(1.5)).toThrow(RangeError);
    expect(() => demoGeneration(Number.NaN)).toThrow(RangeError);
  });

  it('uses AI-tool output sizes that match the aspect label', () => {
    for (const g of all) {
      expect(Math.max(g.width, g.height)).toBeGreaterThanOrEqual(1024);
      expect(Math.max(g.width, g.height)).toBeLessThanOrEqual(2048);
      expect(g.width % 8).toBe(0);
      expect(g.height % 8).toBe(0);
      const [aw, ah] = g.aspect.split(':').map(Number) as [number, number];
      expect(Math.abs(g.width / g.height / (aw / ah) - 1)).toBeLessThan(0.01);
    }
  });

  it('mixes formats, aspects and styles, with PNG a minority', () => {
    const count = <K extends string>(key: (g: (typeof all)[number]) => K) =>
      all.reduce<Record<string, number>>((acc, g) => {
        acc[key(g)] = (acc[key(g)] ?? 0) + 1;
        return acc;
      }, {});
    const formats = count((g) => g.format);
    expect(Object.keys(formats).sort()).toEqual([...DEMO_FORMATS].sort());
    expect(formats.png! / all.length).toBeGreaterThan(0.08);
    expect(formats.png! / all.length).toBeLessThan(0.18);
    expect(Object.keys(count((g) => g.aspect)).sort()).toEqual([...DEMO_ASPECTS].sort());
    expect(Object.keys(count((g) => g.style)).sort()).toEqual([...DEMO_STYLES].sort());
    expect(new Set(all.map((g) => g.model)).size).toBe(6);
    expect(new Set(all.map((g) => g.author)).size).toBeGreaterThan(20);
    expect(new Set(all.map((g) => g.prompt)).size).toBeGreaterThan(990);
  });

  it('produces plausible prompts and settings', () => {
    for (const g of all) {
      const palette = DEMO_PALETTES[g.palette];
      expect(palette?.styles).toContain(g.style);
      expect(g.prompt).toContain(palette!.words);
      expect(g.prompt.length).toBeGreaterThan(40);
      expect(g.author).toMatch(/^@[a-z0-9._]+$/);
      expect(g.params.steps).toBeGreaterThanOrEqual(15);
      expect(g.params.steps).toBeLessThanOrEqual(50);
      expect(g.params.cfgScale).toBeGreaterThan(0);
      if ('negativePrompt' in g) expect(g.negativePrompt).toMatch(/^[a-z ]+(, [a-z ]+){2,}$/);
    }
    expect(all.filter((g) => g.model === 'Flux 1.1 Pro').every((g) => g.negativePrompt === undefined)).toBe(
      true,
    );
  });
});
