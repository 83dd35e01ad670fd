import { createPrng, type Prng } from './prng';

/**
 * Procedural "generations" for the demo seed: plausible metadata (prompt, model, sampler settings,
 * author, AI-tool output size) derived from one integer, so the same seed always describes the same
 * picture and nothing but code is committed. render-demo-image.ts draws the picture itself.
 */
export const DEMO_STYLES = ['landscape', 'abstract', 'geometric', 'planet'] as const;
export type DemoStyle = (typeof DEMO_STYLES)[number];

export const DEMO_ASPECTS = ['1:1', '2:3', '3:2', '4:5', '9:16', '16:9'] as const;
export type DemoAspect = (typeof DEMO_ASPECTS)[number];

export const DEMO_FORMATS = ['jpeg', 'webp', 'png'] as const;
export type DemoFormat = (typeof DEMO_FORMATS)[number];

/**
 * What the picture shows, decided with the metadata so the prompt can name it and the renderer draws
 * exactly it (render-demo-image.ts): a prompt names only what is in its picture, and a search for a
 * word finds pictures that look like it. Every generation carries every flag; each style reads its own.
 */
export interface DemoScene {
  /** landscape: a moon and a starry sky instead of a sun. */
  night: boolean;
  /** landscape: a lake below the ridges, mirroring them. */
  water: boolean;
  /** landscape: a pine forest on the nearest ridge (never with a lake). */
  trees: boolean;
  /** landscape: rays of light from the sun (by day only). */
  rays: boolean;
  /** abstract: glowing shapes on a dark ground (else soft ones on a light ground). */
  dark: boolean;
  /** abstract: flowing ribbons of silk lines. */
  silk: boolean;
  /** geometric: an art deco sunburst (else a grid of Bauhaus tiles). */
  sunburst: boolean;
  /** planet: a huge planet rising over the bottom edge, seen from close by. */
  horizon: boolean;
  /** planet: rings (never on a horizon shot). */
  rings: boolean;
  /** planet: a small moon beside it. */
  moon: boolean;
}

export interface DemoGeneration {
  prompt: string;
  negativePrompt?: string;
  model: string;
  seed: number;
  params: { steps: number; cfgScale: number; sampler: string };
  author: string;
  aspect: DemoAspect;
  width: number;
  height: number;
  format: DemoFormat;
  style: DemoStyle;
  /** Key into DEMO_PALETTES; the prompt names the same colours the renderer paints with. */
  palette: string;
  scene: DemoScene;
}

export interface DemoPalette {
  /** Five colours, darkest to lightest, except where a style wants bold accents instead. */
  colors: readonly [string, string, string, string, string];
  /** How a prompt would describe it. */
  words: string;
  styles: readonly DemoStyle[];
}

const ALL: readonly DemoStyle[] = ['landscape', 'abstract', 'planet'];

export const DEMO_PALETTES: Record<string, DemoPalette> = {
  dusk: {
    colors: ['#1b1035', '#4a2a6b', '#a8457a', '#f08a5d', '#ffd6a0'],
    words: 'violet and peach',
    styles: ALL,
  },
  tealAmber: {
    colors: ['#0b2430', '#16555f', '#2f8f8a', '#e0a050', '#f7dca0'],
    words: 'teal and amber',
    styles: [...ALL, 'geometric'],
  },
  nordic: {
    colors: ['#0e1a2b', '#27415e', '#5d7fa3', '#a9c4dc', '#eef3f7'],
    words: 'cold blue',
    styles: ALL,
  },
  jade: {
    colors: ['#0d2620', '#1f4f3f', '#4f8a6b', '#a8cfa0', '#eef2d8'],
    words: 'jade and mint',
    styles: ALL,
  },
  ember: {
    colors: ['#1a0a0a', '#5a1414', '#b8321e', '#f0782a', '#ffd27a'],
    words: 'ember red and gold',
    styles: ALL,
  },
  pastel: {
    colors: ['#3b3561', '#7c6fb0', '#e39ac2', '#f7c6a3', '#fdf0d5'],
    words: 'soft pastel',
    styles: [...ALL, 'geometric'],
  },
  desert: {
    colors: ['#2a1a12', '#6b3e26', '#c0703a', '#e6b07a', '#f6e3c2'],
    words: 'warm ochre',
    styles: ['landscape', 'abstract'],
  },
  neon: {
    colors: ['#0a0620', '#2d0b59', '#7a1fa2', '#ff2e88', '#35e7ff'],
    words: 'neon magenta and cyan',
    styles: ['abstract', 'planet', 'landscape'],
  },
  aurora: {
    colors: ['#04141f', '#0b3140', '#1b7f79', '#4fe0a0', '#d6fff0'],
    words: 'aurora green',
    styles: ALL,
  },
  roseGold: {
    colors: ['#2a1b1f', '#6e3b47', '#c47a7f', '#e8b4a0', '#fbe8de'],
    words: 'rose gold',
    styles: ['landscape', 'abstract'],
  },
  ocean: {
    colors: ['#031326', '#0a3a66', '#1672a8', '#55b6d6', '#c9f0f5'],
    words: 'deep ocean blue',
    styles: ALL,
  },
  autumn: {
    colors: ['#1f140c', '#5c2e13', '#a65a1f', '#d99a3a', '#f2d59b'],
    words: 'burnt orange and gold',
    styles: ['landscape', 'abstract'],
  },
  bauhaus: {
    colors: ['#1d1d1b', '#d7263d', '#f4b400', '#1f5fa8', '#efe6d5'],
    words: 'primary red, yellow and blue',
    styles: ['geometric'],
  },
  midCentury: {
    colors: ['#2b2d42', '#e07a5f', '#3d405b', '#81b29a', '#f4f1de'],
    words: 'terracotta and sage',
    styles: ['geometric'],
  },
  risograph: {
    colors: ['#1b1b3a', '#ff5964', '#35a7ff', '#ffe74c', '#f5f0e6'],
    words: 'fluorescent pink, blue and yellow',
    styles: ['geometric'],
  },
  noir: {
    colors: ['#121212', '#c8102e', '#2f2f2f', '#e8c547', '#ebe6dc'],
    words: 'black, red and cream',
    styles: ['geometric'],
  },
};

/** Output sizes the usual tools produce: exact ratios, multiples of 8 (mostly 64), 1024–2048 long side. */
const SIZES: Record<DemoAspect, ReadonlyArray<readonly [width: number, height: number, weight: number]>> = {
  '1:1': [
    [1024, 1024, 5],
    [1536, 1536, 3],
    [2048, 2048, 1],
  ],
  '2:3': [
    [832, 1248, 4],
    [1024, 1536, 4],
    [1344, 2016, 1],
  ],
  '3:2': [
    [1248, 832, 4],
    [1536, 1024, 4],
    [2016, 1344, 1],
  ],
  '4:5': [
    [896, 1120, 3],
    [1024, 1280, 4],
    [1536, 1920, 1],
  ],
  '9:16': [
    [576, 1024, 2],
    [864, 1536, 4],
    [1152, 2048, 1],
  ],
  '16:9': [
    [1024, 576, 2],
    [1536, 864, 3],
    [1920, 1080, 2],
    [2048, 1152, 1],
  ],
};

const ASPECT_WEIGHTS: ReadonlyArray<readonly [DemoAspect, number]> = [
  ['1:1', 24],
  ['2:3', 19],
  ['3:2', 15],
  ['4:5', 16],
  ['9:16', 11],
  ['16:9', 15],
];

/** PNG is slow to encode and large; real feeds are mostly JPEG and WebP anyway. */
const FORMAT_WEIGHTS: ReadonlyArray<readonly [DemoFormat, number]> = [
  ['jpeg', 50],
  ['webp', 43],
  ['png', 7],
];

const STYLE_WEIGHTS: ReadonlyArray<readonly [DemoStyle, number]> = [
  ['landscape', 36],
  ['abstract', 24],
  ['geometric', 18],
  ['planet', 22],
];

interface ModelProfile {
  name: string;
  weight: number;
  steps: readonly [number, number];
  cfg: readonly [number, number];
  samplers: readonly string[];
  /** Share of generations that carry a negative prompt (zero where the tool has none). */
  negative: number;
}

const MODELS: readonly ModelProfile[] = [
  { name: 'Flux 1.1 Pro', weight: 22, steps: [25, 50], cfg: [2.5, 4.5], samplers: ['Euler'], negative: 0 },
  {
    name: 'SDXL 1.0',
    weight: 16,
    steps: [25, 40],
    cfg: [5, 9],
    samplers: ['DPM++ 2M Karras', 'Euler a', 'DPM++ SDE Karras'],
    negative: 0.8,
  },
  {
    name: 'Leonardo Phoenix',
    weight: 18,
    steps: [15, 30],
    cfg: [5, 8],
    samplers: ['Leonardo', 'DPM++ 2M'],
    negative: 0.35,
  },
  {
    name: 'Kling Kolors 2',
    weight: 12,
    steps: [25, 50],
    cfg: [4, 7],
    samplers: ['Euler', 'DPM++ 2M'],
    negative: 0.5,
  },
  { name: 'Midjourney v7', weight: 20, steps: [30, 50], cfg: [2, 3], samplers: ['Default'], negative: 0.2 },
  {
    name: 'Stable Diffusion 3.5 Large',
    weight: 12,
    steps: [28, 40],
    cfg: [3.5, 7],
    samplers: ['Euler', 'DPM++ 2M', 'DPM++ 2M SDE'],
    negative: 0.6,
  },
];

/** A few prolific accounts and a long tail, as on any community feed. */
const AUTHORS: ReadonlyArray<readonly [string, number]> = [
  ['@lumen.atelier', 9],
  ['@neonfox', 8],
  ['@kaito_dreams', 7],
  ['@studio.halcyon', 6],
  ['@mira_renders', 5],
  ['@pixelnomad', 5],
  ['@aurelia.ai', 4],
  ['@deepfield', 4],
  ['@gregory.paints', 3],
  ['@noctiluca', 3],
  ['@saltandsilver', 3],
  ['@hexagon_kid', 3],
  ['@vaporcraft', 2],
  ['@ines.makes', 2],
  ['@orbitalgarden', 2],
  ['@quietmachines', 2],
  ['@tomasz_k', 2],
  ['@yuki.latent', 2],
  ['@fernweh.art', 2],
  ['@bytebotanist', 1],
  ['@ochre_and_ash', 1],
  ['@moth.light', 1],
  ['@latentspace_lou', 1],
  ['@paperplanet', 1],
  ['@ravi.visuals', 1],
  ['@sable.prompts', 1],
];

/**
 * Prompt parts per style. Subjects and settings are chosen by the scene (what is drawn); the rest
 * (mood, light, medium) describes how it looks, never what is in it.
 */
const SUBJECTS = {
  landscape: (scene: DemoScene) =>
    scene.water
      ? [
          'a still mountain lake mirroring the ridges',
          'mountains reflected in a glassy lake',
          'a calm lake below layered mountains',
        ]
      : scene.trees
        ? [
            'a pine forest below layered mountain ridges',
            'a forested ridge beneath distant mountains',
            'dark pine trees on a mountain slope',
          ]
        : [
            'layered mountain ridges fading into haze',
            'a mountain range under a wide sky',
            'jagged peaks above a misty valley',
          ],
  abstract: (scene: DemoScene) => [
    ...(scene.dark
      ? ['glowing color blobs', 'soft glowing orbs', 'luminous fluid shapes']
      : ['soft pastel blobs', 'gentle color clouds', 'a dreamlike color field']),
    ...(scene.silk ? ['flowing ribbons of silk', 'silk-like flowing lines'] : []),
  ],
  geometric: (scene: DemoScene) =>
    scene.sunburst
      ? ['an art deco sunburst', 'radiating sunburst rays', 'a sunburst poster of bold rays']
      : [
          'a Bauhaus grid of circles and quarter circles',
          'a tiled pattern of half circles and squares',
          'a mid-century grid of bold shapes',
        ],
  planet: (scene: DemoScene) => {
    const body = scene.horizon
      ? ['a giant planet rising over the horizon', 'a vast planet filling the sky from below']
      : scene.rings
        ? ['a ringed gas giant', 'a banded planet wrapped in rings']
        : ['a banded gas giant', 'a lonely planet lit from the side'];
    return scene.moon ? body.map((subject) => `${subject} with a tiny moon`) : body;
  },
} satisfies Record<DemoStyle, (scene: DemoScene) => string[]>;

const SETTINGS = {
  landscape: (scene: DemoScene) =>
    scene.night
      ? ['under a full moon', 'on a moonlit night', 'on a starry night']
      : ['at dusk', 'at golden hour', 'at dawn', 'at sunset'],
  abstract: (scene: DemoScene) =>
    scene.dark
      ? ['on a dark background', 'in the dark']
      : ['on a light background', 'in a minimal composition'],
  geometric: () => ['on cream paper', 'on a flat background', 'in flat inks'],
  planet: () => ['in deep space', 'against a nebula', 'among the stars'],
} satisfies Record<DemoStyle, (scene: DemoScene) => string[]>;

/** Mood, light and medium: how it looks, true of every picture of the style. */
const LOOKS: Record<
  DemoStyle,
  { atmosphere: readonly string[]; lighting: readonly string[]; finish: readonly string[] }
> = {
  landscape: {
    atmosphere: ['layered mist', 'low clouds', 'atmospheric haze', 'soft fog between the ridges'],
    lighting: ['cinematic lighting', 'soft rim light', 'backlit', 'dramatic sky', 'warm glow on the horizon'],
    finish: ['35mm', 'matte painting', 'hyperrealistic, 8k', 'wide angle', 'concept art', 'digital painting'],
  },
  abstract: {
    atmosphere: ['bokeh', 'dreamy', 'ethereal', 'soft focus'],
    lighting: ['soft diffused light', 'subsurface glow', 'gentle glow'],
    finish: ['abstract art', 'generative art', 'wallpaper, 8k', 'digital art'],
  },
  geometric: {
    atmosphere: ['clean edges', 'balanced negative space', 'rhythmic repetition', 'bold shapes'],
    lighting: ['flat lighting', 'no shadows', 'print texture'],
    finish: ['flat vector', 'screen print', 'poster design', 'minimalism'],
  },
  planet: {
    atmosphere: ['dense starfield', 'glowing nebula clouds', 'cosmic dust'],
    lighting: ['rim lighting from a distant star', 'dramatic chiaroscuro', 'soft volumetric light'],
    finish: [
      'sci-fi concept art',
      'octane render, 8k',
      'retro space art',
      'digital painting',
      'cinematic still',
    ],
  },
};

const NEGATIVE_PARTS = [
  'blurry',
  'lowres',
  'watermark',
  'text',
  'signature',
  'jpeg artifacts',
  'deformed',
  'oversaturated',
  'noise',
  'cropped',
  'worst quality',
  'extra limbs',
  'frame',
];

function buildPrompt(prng: Prng, style: DemoStyle, scene: DemoScene, palette: DemoPalette): string {
  const look = LOOKS[style];
  const subject = `${prng.pick(SUBJECTS[style](scene))} ${prng.pick(SETTINGS[style](scene))}`;
  const parts = [subject, prng.pick(look.atmosphere)];
  if (style === 'landscape' && scene.rays) parts.push('god rays');
  if (prng.chance(0.8)) parts.push(prng.pick(look.lighting));
  parts.push(`${palette.words} ${prng.pick(['palette', 'tones', 'color scheme'])}`);
  parts.push(...prng.sample(look.finish, prng.int(1, 2)));
  if (prng.chance(0.25))
    parts.push(prng.pick(['highly detailed', 'masterpiece', 'award winning', 'trending']));
  return parts.join(', ');
}

/** The scene's flags, at the odds the renderer used to roll them itself. */
function demoScene(prng: Prng): DemoScene {
  const night = prng.chance(0.3);
  const water = prng.chance(0.35);
  const horizon = prng.chance(0.3);
  return {
    night,
    water,
    trees: !water && prng.chance(0.6),
    rays: !night && prng.chance(0.35),
    dark: prng.chance(0.6),
    silk: prng.chance(0.55),
    sunburst: prng.chance(0.35),
    horizon,
    rings: !horizon && prng.chance(0.6),
    moon: prng.chance(0.5),
  };
}

function roundTo(value: number, step: number): number {
  return Math.round(value / step) * step;
}

/** The metadata of demo generation number `seed`. Pure and deterministic. */
export function demoGeneration(seed: number): DemoGeneration {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`Demo seed must be an integer, got ${seed}`);
  const prng = createPrng(seed);

  const style = prng.weighted(STYLE_WEIGHTS);
  const aspect = prng.weighted(ASPECT_WEIGHTS);
  const [width, height] = prng.weighted(SIZES[aspect].map(([w, h, weight]) => [[w, h], weight] as const));
  const format = prng.weighted(FORMAT_WEIGHTS);
  const paletteKey = prng.pick(
    Object.keys(DEMO_PALETTES).filter((k) => DEMO_PALETTES[k]!.styles.includes(style)),
  );
  const palette = DEMO_PALETTES[paletteKey]!;
  const model = prng.weighted(MODELS.map((m) => [m, m.weight] as const));
  const scene = demoScene(prng);

  const generation: DemoGeneration = {
    prompt: buildPrompt(prng, style, scene, palette),
    model: model.name,
    seed,
    params: {
      steps: prng.int(model.steps[0], model.steps[1]),
      cfgScale: roundTo(prng.range(model.cfg[0], model.cfg[1]), 0.5),
      sampler: prng.pick(model.samplers),
    },
    author: prng.weighted(AUTHORS),
    aspect,
    width,
    height,
    format,
    style,
    palette: paletteKey,
    scene,
  };
  if (prng.chance(model.negative)) {
    generation.negativePrompt = prng.sample(NEGATIVE_PARTS, prng.int(3, 6)).join(', ');
  }
  return generation;
}
