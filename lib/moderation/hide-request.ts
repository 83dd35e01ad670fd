import { z } from 'zod';

/** `POST /api/generations/:id/hide`'s body: the reason kept with it and shown in its record. */
export const HIDE_REASON_MAX = 500;

export const hideRequestSchema = z
  .object({
    reason: z
      .string({ error: 'reason is required' })
      .trim()
      .min(1, 'reason is required')
      .max(HIDE_REASON_MAX, `reason must be at most ${HIDE_REASON_MAX} characters`),
  })
  .strict();
