import 'server-only';
import { z } from 'zod';
import type { CdnPurger } from '@/lib/curation/cdn-purger';
import type { CuratorGeneration } from '@/lib/curation/curator-generation';
import { generationStatuses } from '@/lib/curation/generation-record';
import type { StudioPage } from '@/lib/curation/studio-list';
import type { FeedFacets } from '@/lib/feed/feed-facets';
import { feedRatings } from '@/lib/feed/feed-filter';
import type { FeedItem, FeedPage } from '@/lib/feed/feed-types';
import { type GenerationEvent, generationEventKinds } from '@/lib/moderation/generation-events';
import type { ReportSummary } from '@/lib/moderation/reported';
import { type FiledReport, reportReasons } from '@/lib/moderation/reports';
import { type ErrorBody, errorStatusByCode } from './errors';

/**
 * What the API answers, as zod schemas: the OpenAPI document's response schemas
 * (lib/api/openapi.ts). Each is held to the TypeScript type the routes return (`satisfies`), so a
 * field added to one and not the other does not compile; the OpenAPI test validates real answers
 * against the document besides.
 */
const timestamp = z.string().describe('ISO 8601, UTC, microseconds');

export const errorBodySchema = z
  .object({
    error: z
      .object({
        code: z.enum(Object.keys(errorStatusByCode) as [keyof typeof errorStatusByCode]),
        message: z.string(),
      })
      .strict(),
  })
  .strict()
  .meta({ id: 'Error' }) satisfies z.ZodType<ErrorBody>;

export const feedItemSchema = z
  .object({
    id: z.uuid(),
    src: z
      .string()
      .describe('Storage path of the published original (g/<sha256>.<ext>); build image URLs from it'),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    blurhash: z.string(),
    prompt: z.string(),
    model: z.string(),
    author: z.string(),
    rating: z.enum(feedRatings),
    publishedAt: timestamp,
  })
  .strict()
  .meta({ id: 'FeedItem' }) satisfies z.ZodType<FeedItem>;

export const feedPageSchema = z
  .object({
    items: z.array(feedItemSchema),
    nextCursor: z.string().nullable().describe('Older items: pass as `after`; null at the end'),
    prevCursor: z.string().nullable().describe('Newer items: pass as `before`; null at the head'),
  })
  .strict()
  .meta({ id: 'FeedPage' }) satisfies z.ZodType<FeedPage>;

const facetSchema = z.object({ name: z.string(), count: z.number().int().nonnegative() }).strict();
export const facetsSchema = z
  .object({ models: z.array(facetSchema), authors: z.array(facetSchema) })
  .strict()
  .meta({ id: 'Facets' }) satisfies z.ZodType<FeedFacets>;

export const generationSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(generationStatuses),
    rating: z.enum(feedRatings),
    src: z.string(),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    blurhash: z.string(),
    format: z.string(),
    bytes: z.number().int().positive(),
    prompt: z.string(),
    negativePrompt: z.string().nullable(),
    model: z.string(),
    author: z.string(),
    seed: z.number().int().nullable(),
    params: z.record(z.string(), z.unknown()),
    createdAt: timestamp,
    updatedAt: timestamp,
    publishedAt: timestamp.nullable(),
    publishProgress: z
      .object({ done: z.number().int(), total: z.number().int() })
      .strict()
      .nullable()
      .describe('While publishing: display-set members stored / in all'),
    publishError: z.string().nullable().describe('Why the last publish failed'),
    hiddenReason: z.string().nullable().describe('Why a curator hid it (while hidden)'),
  })
  .strict()
  .meta({ id: 'Generation' }) satisfies z.ZodType<CuratorGeneration>;

const cdnPurgeSchema = z.enum(['purged', 'failed', 'not-configured'] satisfies Awaited<
  ReturnType<CdnPurger['purgeSource']>
>[]);

export const reportSummarySchema = z
  .object({
    count: z.number().int().positive(),
    reasons: z.partialRecord(z.enum(reportReasons), z.number().int().positive()),
    notes: z.array(z.string()).describe('The newest notes, at most 5'),
    lastReportedAt: timestamp,
  })
  .strict()
  .meta({ id: 'ReportSummary' }) satisfies z.ZodType<ReportSummary>;

export const listedGenerationSchema = generationSchema
  .extend({ reports: reportSummarySchema.optional().describe('Its open reports, when it has any') })
  .strict()
  .meta({ id: 'ListedGeneration' });

export const generationListSchema = z
  .object({
    items: z.array(listedGenerationSchema),
    nextCursor: z.string().nullable().describe('after= for the next page; null at the end'),
  })
  .strict()
  .meta({ id: 'GenerationList' }) satisfies z.ZodType<StudioPage>;

export const reportFiledSchema = z
  .object({ id: z.uuid(), generationId: z.uuid(), reason: z.enum(reportReasons) })
  .strict()
  .meta({ id: 'ReportFiled' }) satisfies z.ZodType<FiledReport>;

export const dismissedSchema = z
  .object({ dismissed: z.number().int().nonnegative().describe('Open reports closed') })
  .strict()
  .meta({ id: 'Dismissed' });

export const generationEventSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(generationEventKinds),
    actor: z.string().describe('curator:<email>, token:<name>, visitor, cli:<command> or system'),
    detail: z.record(z.string(), z.unknown()),
    at: timestamp,
  })
  .strict()
  .meta({ id: 'GenerationEvent' }) satisfies z.ZodType<GenerationEvent>;

export const revocationsSchema = z
  .object({
    sources: z
      .array(z.string())
      .describe('Storage paths taken down lately and not public again, newest first'),
    windowDays: z.number().int().positive().describe('How far back the list reaches'),
  })
  .strict()
  .meta({ id: 'Revocations' });

export const generationEventsSchema = z
  .object({ items: z.array(generationEventSchema) })
  .strict()
  .meta({ id: 'GenerationEvents' });

export const stateChangeSchema = z
  .object({ generation: generationSchema, cdnPurge: cdnPurgeSchema.nullable() })
  .strict()
  .meta({ id: 'StateChange' });

export const deletedSchema = z
  .object({ deleted: z.uuid(), cdnPurge: cdnPurgeSchema.nullable() })
  .strict()
  .meta({ id: 'Deleted' });

export const okSchema = z
  .object({ ok: z.literal(true) })
  .strict()
  .meta({ id: 'Ok' });

export const healthSchema = z
  .object({ status: z.literal('ready') })
  .strict()
  .meta({ id: 'Health' });
