import { z } from 'zod';

/**
 * The fields a curator sets on a generation, from the upload form (all text) or a PATCH (JSON).
 * Empty text means "not given": on upload the file's own parameters fill it in.
 */
const text = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, `${label} has at most ${max} characters`);

const seed = z.preprocess(
  (value) => (value === '' || value === null ? null : typeof value === 'string' ? Number(value) : value),
  z
    .number({ error: 'seed must be a whole number' })
    .int('seed must be a whole number')
    .min(0, 'seed must not be negative')
    .max(Number.MAX_SAFE_INTEGER, 'seed is too large')
    .nullable(),
);

export const generationFieldsSchema = z
  .object({
    prompt: text('prompt', 4000),
    negativePrompt: text('negativePrompt', 4000),
    model: text('model', 200),
    author: text('author', 100),
    seed,
    rating: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z.enum(['general', 'sensitive'], { error: 'rating must be general or sensitive' }).optional(),
    ),
  })
  .partial()
  .strict();

export type GenerationFields = z.infer<typeof generationFieldsSchema>;

/** PATCH: at least one field. */
export const generationPatchSchema = generationFieldsSchema.refine(
  (fields) => Object.keys(fields).length > 0,
  {
    message: 'Send at least one of prompt, negativePrompt, model, author, seed, rating',
  },
);

/** What publishing needs: a feed card shows the prompt, the model and the author. */
export function publishProblem(fields: { prompt: string; model: string; author: string }): string | null {
  const missing = (['prompt', 'model', 'author'] as const).filter((name) => fields[name].trim() === '');
  return missing.length > 0 ? `Add ${missing.join(', ')} before publishing.` : null;
}
