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
        'dark pine trees on a mountain slope at golden hour, soft fog between the ridges, backlit, ' +
        'neon magenta and cyan palette, 35mm, digital painting, masterpiece',
      model: 'SDXL 1.0',
      seed: 1,
      params: { steps: 40, cfgScale: 9, sampler: 'DPM++ 2M Karras' },
      author: '@quietmachines',
      aspect: '9:16',
      width: 576,
      height: 1024,
      format: 'jpeg',
      style: 'landscape',
      palette: 'neon',
      scene: {
        night: false,
        water: false,
        trees: true,
        rays: false,
        dark: false,
        silk: false,
        sunburst: true,
        horizon: false,
        rings: true,
        moon: true,
      },
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

/**
 * A search for a word finds pictures that look like it: each word below appears only in prompts of
 * the style whose picture draws it, and only when its scene does (the renderer draws the scene:
 * render-demo-image.test.ts). Words no demo picture shows appear in no prompt.
 */
describe('demo prompts tell the truth', () => {
  type Generation = (typeof all)[number];
  const drawn: [word: RegExp, shows: (g: Generation) => boolean][] = [
    [/\bmountains?\b|\bridges?\b|\bpeaks\b/, (g) => g.style === 'landscape'],
    [/\blake\b/, (g) => g.style === 'landscape' && g.scene.water],
    [/\bpine|forest/, (g) => g.style === 'landscape' && g.scene.trees],
    [/\bfull moon\b|moonlit|starry/, (g) => g.style === 'landscape' && g.scene.night],
    [/golden hour|dusk|dawn|sunset/, (g) => g.style === 'landscape' && !g.scene.night],
    [/god rays/, (g) => g.style === 'landscape' && g.scene.rays && !g.scene.night],
    [/\bsilk/, (g) => g.style === 'abstract' && g.scene.silk],
    [
      /\bdark\b|glowing (color|orbs)|luminous/,
      (g) => (g.style === 'abstract' && g.scene.dark) || g.style === 'landscape',
    ],
    [/sunburst/, (g) => g.style === 'geometric' && g.scene.sunburst],
    [/bauhaus|grid|tiled/i, (g) => g.style === 'geometric' && !g.scene.sunburst],
    [/\brings?\b/, (g) => g.style === 'planet' && g.scene.rings],
    [/tiny moon/, (g) => g.style === 'planet' && g.scene.moon],
    [/horizon|from below/, (g) => (g.style === 'planet' && g.scene.horizon) || g.style === 'landscape'],
    [/\bplanet|gas giant/, (g) => g.style === 'planet'],
  ];

  it.each(drawn.map(([word, shows]) => [String(word), word, shows] as const))(
    '%s appears only where the picture shows it',
    (_name, word, shows) => {
      const naming = all.filter((g) => word.test(g.prompt));
      expect(naming.length, 'some prompts use it').toBeGreaterThan(0);
      expect(naming.filter((g) => !shows(g)).map((g) => g.prompt)).toEqual([]);
    },
  );

  it.each([
    'dune',
    'lighthouse',
    'monastery',
    'sailboat',
    'castle',
    'temple',
    'cabin',
    'pier',
    'road',
    'portal',
    'crystal',
    'ice',
  ])('no prompt names a %s, which no demo picture draws', (word) => {
    expect(all.filter((g) => new RegExp(`\\b${word}`, 'i').test(g.prompt)).map((g) => g.prompt)).toEqual([]);
  });
});
