import { describe, expect, it } from 'vitest';
import {
  parseA1111Parameters,
  parseComfyPrompt,
  parseComfyWorkflow,
  readGenerationParameters,
} from './generation-params';

const a1111 = [
  'a lighthouse on a cliff at dusk, (dramatic sky:1.2),',
  'volumetric light',
  'Negative prompt: blurry, lowres,',
  'watermark',
  'Steps: 30, Sampler: DPM++ 2M Karras, CFG scale: 6.5, Seed: 3141592653, Size: 832x1216, ' +
    'Model hash: 31e35c80fc, Model: sd_xl_base_1.0, Lora hashes: "detail: abc, style: def", Version: v1.9.4',
].join('\n');

describe('parseA1111Parameters', () => {
  it('reads a multi-line prompt, negative prompt and the settings line', () => {
    expect(parseA1111Parameters(a1111)).toEqual({
      source: 'a1111',
      prompt: 'a lighthouse on a cliff at dusk, (dramatic sky:1.2),\nvolumetric light',
      negativePrompt: 'blurry, lowres,\nwatermark',
      model: 'sd_xl_base_1.0',
      seed: 3141592653,
      steps: 30,
      sampler: 'DPM++ 2M Karras',
      cfgScale: 6.5,
      size: '832x1216',
    });
  });

  it.each([
    ['a prompt alone', 'just a cat', { source: 'a1111', prompt: 'just a cat' }],
    [
      'no negative prompt, model only by hash',
      'a cat\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 5, Model hash: abc123',
      {
        source: 'a1111',
        prompt: 'a cat',
        model: 'abc123',
        seed: 5,
        steps: 20,
        sampler: 'Euler a',
        cfgScale: 7,
      },
    ],
    [
      'Windows line ends and a seed past 2^53',
      'a dog\r\nSteps: 20, Seed: 18446744073709551615',
      { source: 'a1111', prompt: 'a dog', steps: 20, seedText: '18446744073709551615' },
    ],
    [
      'nonsense values are dropped',
      'x\nSteps: many, CFG scale: -3, Seed: 12e3',
      { source: 'a1111', prompt: 'x' },
    ],
    ['empty text', '', { source: 'a1111' }],
  ])('%s', (_label, text, expected) => {
    expect(parseA1111Parameters(text)).toEqual(expected);
  });
});

const comfyPrompt = JSON.stringify({
  '3': {
    class_type: 'KSampler',
    inputs: {
      seed: 156680208700286,
      steps: 25,
      cfg: 8,
      sampler_name: 'euler',
      scheduler: 'normal',
      denoise: 1,
      model: ['10', 0],
      positive: ['6', 0],
      negative: ['7', 0],
      latent_image: ['5', 0],
    },
  },
  '4': { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: 'dreamshaper_8.safetensors' } },
  '10': { class_type: 'LoraLoader', inputs: { model: ['4', 0], lora_name: 'x.safetensors' } },
  '6': { class_type: 'CLIPTextEncode', inputs: { text: 'a glass city under the sea', clip: ['4', 1] } },
  '7': { class_type: 'CLIPTextEncode', inputs: { text: 'text, watermark', clip: ['4', 1] } },
});

describe('parseComfyPrompt', () => {
  it('follows the sampler links to the prompts and, through a LoRA, to the checkpoint', () => {
    expect(parseComfyPrompt(comfyPrompt)).toEqual({
      source: 'comfyui',
      prompt: 'a glass city under the sea',
      negativePrompt: 'text, watermark',
      model: 'dreamshaper_8.safetensors',
      seed: 156680208700286,
      steps: 25,
      sampler: 'euler',
      cfgScale: 8,
    });
  });

  it.each([
    ['not JSON', '{oops'],
    ['no sampler', JSON.stringify({ '1': { class_type: 'SaveImage', inputs: {} } })],
    ['null', 'null'],
    [
      'a cycle of links',
      JSON.stringify({ '1': { class_type: 'KSampler', inputs: { positive: ['1', 0], model: ['1', 0] } } }),
    ],
  ])('survives %s', (_label, json) => {
    const parsed = parseComfyPrompt(json);
    expect(parsed === null || parsed.source === 'comfyui').toBe(true);
  });
});

describe('parseComfyWorkflow', () => {
  it('reads the sampler widgets and the linked text encoders', () => {
    const workflow = JSON.stringify({
      nodes: [
        {
          id: 3,
          type: 'KSampler',
          inputs: [
            { name: 'positive', link: 4 },
            { name: 'negative', link: 6 },
          ],
          widgets_values: [42, 'fixed', 20, 7.5, 'dpmpp_2m', 'karras', 1],
        },
        { id: 4, type: 'CheckpointLoaderSimple', widgets_values: ['juggernaut.safetensors'] },
        { id: 6, type: 'CLIPTextEncode', widgets_values: ['an owl in a library'] },
        { id: 7, type: 'CLIPTextEncode', widgets_values: ['blurry'] },
      ],
      links: [
        [4, 6, 0, 3, 1, 'CONDITIONING'],
        [6, 7, 0, 3, 2, 'CONDITIONING'],
      ],
    });
    expect(parseComfyWorkflow(workflow)).toEqual({
      source: 'comfyui-workflow',
      prompt: 'an owl in a library',
      negativePrompt: 'blurry',
      model: 'juggernaut.safetensors',
      seed: 42,
      steps: 20,
      cfgScale: 7.5,
      sampler: 'dpmpp_2m',
    });
  });
});

describe('readGenerationParameters', () => {
  it('prefers A1111 text, then the ComfyUI graph, then its workflow', () => {
    expect(readGenerationParameters({ pngText: new Map([['parameters', 'a\nSteps: 1']]) })?.source).toBe(
      'a1111',
    );
    expect(readGenerationParameters({ pngText: new Map([['prompt', comfyPrompt]]) })?.source).toBe('comfyui');
    expect(readGenerationParameters({ userComment: 'from exif\nSteps: 3' })).toEqual({
      source: 'a1111',
      prompt: 'from exif',
      steps: 3,
    });
    expect(readGenerationParameters({ pngText: new Map([['Software', 'GIMP']]) })).toBeNull();
    expect(readGenerationParameters({})).toBeNull();
  });
});
