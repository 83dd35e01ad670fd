import { describe, expect, it } from 'vitest';
import { generationTitle, parametersText, publicParameters } from './generation-parameters';

describe('publicParameters', () => {
  it.each([
    [
      'all four',
      1234,
      { steps: 30, sampler: 'DPM++ 2M Karras', cfgScale: 7.5 },
      { seed: '1234', steps: 30, sampler: 'DPM++ 2M Karras', cfgScale: 7.5 },
    ],
    [
      'a seed beyond 2^53, kept as text',
      null,
      { seedText: '18446744073709551615' },
      { seed: '18446744073709551615', steps: null, sampler: null, cfgScale: null },
    ],
    ['nothing known', null, {}, { seed: null, steps: null, sampler: null, cfgScale: null }],
    [
      'junk types and values dropped',
      null,
      { steps: '30', sampler: 42, cfgScale: -1, seedText: 'abc' },
      { seed: null, steps: null, sampler: null, cfgScale: null },
    ],
    [
      'never anything else a tool wrote',
      7,
      { steps: 20, workflow: { secret: 'x' }, demoSeed: 3 },
      { seed: '7', steps: 20, sampler: null, cfgScale: null },
    ],
  ])('%s', (_name, seed, params, expected) => {
    expect(publicParameters(seed, params)).toEqual(expected);
  });
});

describe('parametersText', () => {
  const item = {
    prompt: 'a calm lake below layered mountains',
    negativePrompt: 'blurry, text',
    model: 'SDXL 1.0',
    width: 1024,
    height: 1536,
    parameters: { seed: '42', steps: 30, sampler: 'Euler a', cfgScale: 7 },
  };

  it('is Automatic1111’s format', () => {
    expect(parametersText(item)).toBe(
      'a calm lake below layered mountains\n' +
        'Negative prompt: blurry, text\n' +
        'Steps: 30, Sampler: Euler a, CFG scale: 7, Seed: 42, Size: 1024x1536, Model: SDXL 1.0',
    );
  });

  it('leaves out what is not known', () => {
    expect(
      parametersText({
        ...item,
        negativePrompt: null,
        parameters: { seed: null, steps: null, sampler: null, cfgScale: null },
      }),
    ).toBe('a calm lake below layered mountains\nSize: 1024x1536, Model: SDXL 1.0');
  });
});

it.each([
  ['short', 'short'],
  ['x'.repeat(70), 'x'.repeat(70)],
  ['x'.repeat(71), `${'x'.repeat(67)}…`],
])('titles %s', (prompt, title) => {
  expect(generationTitle(prompt)).toBe(title);
});
