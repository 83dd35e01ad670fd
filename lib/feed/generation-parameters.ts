/**
 * The generation data a detail view shows and shares (Civitai shows the same): seed, steps, sampler
 * and CFG scale, read from the row's `seed` column and its `params` (lib/ingest/generation-params.ts
 * fills both at upload; a curator may edit the seed). Only these four leave the database: `params`
 * may hold anything a tool wrote. Pure, with exact-output tests.
 */
export interface GenerationParameters {
  /** As text: seeds beyond 2^53 are kept as text (`params.seedText`). */
  seed: string | null;
  steps: number | null;
  sampler: string | null;
  cfgScale: number | null;
}

const finitePositive = (value: unknown) =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;
const shortText = (value: unknown) =>
  typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 80) : null;

export function publicParameters(seed: number | null, params: Record<string, unknown>): GenerationParameters {
  const seedText = shortText(params.seedText);
  return {
    seed: seed !== null ? String(seed) : seedText && /^\d+$/.test(seedText) ? seedText : null,
    steps: finitePositive(params.steps),
    sampler: shortText(params.sampler),
    cfgScale: finitePositive(params.cfgScale),
  };
}

/**
 * The prompt with its parameters in Automatic1111's text format (what "Copy prompt with parameters"
 * puts on the clipboard): pasted into A1111's prompt box or read by Civitai, it fills every field.
 */
export function parametersText(item: {
  prompt: string;
  negativePrompt: string | null;
  model: string;
  width: number;
  height: number;
  parameters: GenerationParameters;
}): string {
  const { seed, steps, sampler, cfgScale } = item.parameters;
  const settings = [
    steps !== null && `Steps: ${steps}`,
    sampler !== null && `Sampler: ${sampler}`,
    cfgScale !== null && `CFG scale: ${cfgScale}`,
    seed !== null && `Seed: ${seed}`,
    `Size: ${item.width}x${item.height}`,
    `Model: ${item.model}`,
  ].filter(Boolean);
  const lines = [item.prompt];
  if (item.negativePrompt) lines.push(`Negative prompt: ${item.negativePrompt}`);
  lines.push(settings.join(', '));
  return lines.join('\n');
}

/** A generation's page title: its prompt, cut near 70 characters (the tab and link previews). */
export function generationTitle(prompt: string): string {
  return prompt.length > 70 ? `${prompt.slice(0, 67)}…` : prompt;
}
