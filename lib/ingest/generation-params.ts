/**
 * Generation parameters that image generators write into their files, read back so a curator does
 * not have to type them: Automatic1111's `parameters` text (PNG text chunk, or EXIF UserComment in
 * JPEG/WebP), and ComfyUI's `prompt` graph (or, without it, its UI `workflow`). Pure and defensive:
 * anything unexpected yields fewer fields, never an exception.
 */

export interface GenerationParameters {
  source: 'a1111' | 'comfyui' | 'comfyui-workflow';
  prompt?: string;
  negativePrompt?: string;
  model?: string;
  /** A safe JS integer; larger seeds (ComfyUI allows 64 bits) are kept as text in `seedText`. */
  seed?: number;
  seedText?: string;
  steps?: number;
  sampler?: string;
  cfgScale?: number;
  size?: string;
}

const MAX_TEXT = 64 * 1024;

function clip(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed ? trimmed.slice(0, MAX_TEXT) : undefined;
}

function seedFields(value: unknown): Pick<GenerationParameters, 'seed' | 'seedText'> {
  const text = typeof value === 'number' || typeof value === 'string' ? String(value).trim() : '';
  if (!/^\d{1,20}$/.test(text)) return {};
  const number = Number(text);
  return Number.isSafeInteger(number) ? { seed: number } : { seedText: text };
}

function positiveNumber(value: unknown, integer: boolean): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  if (!Number.isFinite(number) || number <= 0 || (integer && !Number.isInteger(number))) return undefined;
  return number;
}

function withoutUndefined(parameters: GenerationParameters): GenerationParameters {
  return Object.fromEntries(
    Object.entries(parameters).filter(([, value]) => value !== undefined),
  ) as unknown as GenerationParameters;
}

/** A1111's settings line: `Key: value, Key: "quoted, value", …` (its own `re_param`). */
function parseSettings(line: string): Map<string, string> {
  const settings = new Map<string, string>();
  for (const match of line.matchAll(/\s*([\w ]+):\s*("(?:\\.|[^\\"])+"|[^,]*)(?:,|$)/g)) {
    const key = match[1]!.trim();
    let value = match[2]!.trim();
    if (value.startsWith('"') && value.endsWith('"')) {
      try {
        value = JSON.parse(value) as string;
      } catch {
        value = value.slice(1, -1);
      }
    }
    if (key && !settings.has(key)) settings.set(key, value);
  }
  return settings;
}

/**
 * `prompt\nNegative prompt: …\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1, Size: 512x512,
 * Model: name, …`; prompt and negative prompt may span several lines.
 */
export function parseA1111Parameters(text: string): GenerationParameters {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let settingsIndex = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (/^Steps: /.test(lines[i]!)) {
      settingsIndex = i;
      break;
    }
  }
  const promptLines = settingsIndex >= 0 ? lines.slice(0, settingsIndex) : lines;
  const negativeIndex = promptLines.findIndex((line) => line.startsWith('Negative prompt:'));
  const prompt = negativeIndex >= 0 ? promptLines.slice(0, negativeIndex) : promptLines;
  const negative =
    negativeIndex >= 0
      ? [
          promptLines[negativeIndex]!.slice('Negative prompt:'.length),
          ...promptLines.slice(negativeIndex + 1),
        ]
      : [];
  const settings = settingsIndex >= 0 ? parseSettings(lines[settingsIndex]!) : new Map<string, string>();
  return withoutUndefined({
    source: 'a1111',
    prompt: clip(prompt.join('\n')),
    negativePrompt: clip(negative.join('\n')),
    model: clip(settings.get('Model') ?? settings.get('Model hash')),
    ...seedFields(settings.get('Seed')),
    steps: positiveNumber(settings.get('Steps'), true),
    sampler: clip(settings.get('Sampler')),
    cfgScale: positiveNumber(settings.get('CFG scale'), false),
    size: clip(settings.get('Size')),
  });
}

type GraphNode = { class_type?: unknown; inputs?: Record<string, unknown> };

const samplerTypes = new Set(['KSampler', 'KSamplerAdvanced', 'SamplerCustom']);
const modelKeys = ['ckpt_name', 'unet_name', 'model_name'];

/** ComfyUI's API graph (the `prompt` chunk): the first sampler's inputs, followed through links. */
export function parseComfyPrompt(json: string): GenerationParameters | null {
  let graph: Record<string, GraphNode>;
  try {
    graph = JSON.parse(json) as Record<string, GraphNode>;
  } catch {
    return null;
  }
  if (!graph || typeof graph !== 'object') return null;
  const node = (link: unknown): GraphNode | undefined =>
    Array.isArray(link) && (typeof link[0] === 'string' || typeof link[0] === 'number')
      ? graph[String(link[0])]
      : undefined;
  const textOf = (link: unknown, depth = 0): string | undefined => {
    const target = node(link);
    const text = target?.inputs?.text ?? target?.inputs?.text_g;
    if (typeof text === 'string') return text;
    return depth < 4 && target?.inputs ? textOf(target.inputs.conditioning, depth + 1) : undefined;
  };
  const modelOf = (link: unknown, depth = 0): string | undefined => {
    const target = node(link);
    for (const key of modelKeys) {
      const value = target?.inputs?.[key];
      if (typeof value === 'string') return value;
    }
    return depth < 6 && target?.inputs ? modelOf(target.inputs.model, depth + 1) : undefined;
  };
  const sampler = Object.values(graph).find(
    (candidate) => typeof candidate?.class_type === 'string' && samplerTypes.has(candidate.class_type),
  );
  if (!sampler?.inputs) return null;
  const inputs = sampler.inputs;
  return withoutUndefined({
    source: 'comfyui',
    prompt: clip(textOf(inputs.positive)),
    negativePrompt: clip(textOf(inputs.negative)),
    model: clip(modelOf(inputs.model)),
    ...seedFields(inputs.seed ?? inputs.noise_seed),
    steps: positiveNumber(inputs.steps, true),
    sampler: clip(typeof inputs.sampler_name === 'string' ? inputs.sampler_name : undefined),
    cfgScale: positiveNumber(inputs.cfg, false),
  });
}

interface WorkflowNode {
  id: number;
  type?: string;
  inputs?: { name?: string; link?: number | null }[];
  widgets_values?: unknown[];
}

/** ComfyUI's UI graph (the `workflow` chunk), used when the API graph is missing. */
export function parseComfyWorkflow(json: string): GenerationParameters | null {
  let workflow: { nodes?: WorkflowNode[]; links?: unknown[][] };
  try {
    workflow = JSON.parse(json) as typeof workflow;
  } catch {
    return null;
  }
  const nodes = Array.isArray(workflow?.nodes) ? workflow.nodes : [];
  const links = Array.isArray(workflow?.links) ? workflow.links : [];
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const source = (target: WorkflowNode, name: string) => {
    const link = target.inputs?.find((input) => input.name === name)?.link;
    const row = links.find((candidate) => Array.isArray(candidate) && candidate[0] === link);
    return row ? byId.get(row[1] as number) : undefined;
  };
  const sampler = nodes.find((node) => node.type && samplerTypes.has(node.type));
  if (!sampler) return null;
  const widgets = sampler.widgets_values ?? [];
  const text = (target: WorkflowNode | undefined) =>
    typeof target?.widgets_values?.[0] === 'string' ? (target.widgets_values[0] as string) : undefined;
  const loader = nodes.find((node) => node.type === 'CheckpointLoaderSimple' || node.type === 'UNETLoader');
  // KSampler widgets: seed, control_after_generate, steps, cfg, sampler_name, scheduler, denoise.
  return withoutUndefined({
    source: 'comfyui-workflow',
    prompt: clip(text(source(sampler, 'positive'))),
    negativePrompt: clip(text(source(sampler, 'negative'))),
    model: clip(text(loader)),
    ...seedFields(widgets[0]),
    steps: positiveNumber(widgets[2], true),
    cfgScale: positiveNumber(widgets[3], false),
    sampler: clip(typeof widgets[4] === 'string' ? widgets[4] : undefined),
  });
}

/**
 * The parameters found in a file's text metadata: PNG text chunks by keyword, and EXIF's
 * UserComment. Automatic1111's text wins over ComfyUI's graphs when a file carries both.
 */
export function readGenerationParameters(texts: {
  pngText?: ReadonlyMap<string, string>;
  userComment?: string | null;
}): GenerationParameters | null {
  const parameters = texts.pngText?.get('parameters') ?? texts.userComment ?? undefined;
  if (parameters) return parseA1111Parameters(parameters);
  const prompt = texts.pngText?.get('prompt');
  const fromPrompt = prompt ? parseComfyPrompt(prompt) : null;
  if (fromPrompt) return fromPrompt;
  const workflow = texts.pngText?.get('workflow');
  return workflow ? parseComfyWorkflow(workflow) : null;
}
