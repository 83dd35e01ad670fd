import 'server-only';
import { z } from 'zod';
import { type ErrorCode, errorStatusByCode } from './errors';
import * as responses from './response-schemas';

/** The pieces lib/api/openapi.ts builds the document from: zod schemas as JSON Schema, refs, errors. */
export type JsonSchema = Record<string, unknown>;

const registry = z.registry<{ id: string }>();
const named = [
  responses.errorBodySchema,
  responses.feedItemSchema,
  responses.feedPageSchema,
  responses.facetsSchema,
  responses.generationSchema,
  responses.generationListSchema,
  responses.stateChangeSchema,
  responses.deletedSchema,
  responses.okSchema,
  responses.healthSchema,
  responses.listedGenerationSchema,
  responses.reportSummarySchema,
  responses.generationEventSchema,
  responses.reportFiledSchema,
  responses.dismissedSchema,
  responses.generationEventsSchema,
  responses.revocationsSchema,
];
for (const schema of named) registry.add(schema, { id: z.globalRegistry.get(schema)!.id as string });

export const componentRef = (id: string) => `#/components/schemas/${id}`;

/** A request schema as JSON Schema (what a client sends: the input side of each transform). */
export function inputSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
}

export const ref = (schema: z.ZodType): JsonSchema => ({ $ref: componentRef(registry.get(schema)!.id) });

/** One query parameter from a field of an object schema (null, which means "not given", left out). */
export function queryParameter(name: string, field: z.ZodType, description: string) {
  const schema = inputSchema(field instanceof z.ZodNullable ? (field.unwrap() as z.ZodType) : field);
  return { name, in: 'query', required: false, description, schema };
}

export function json(schema: JsonSchema, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/** The error answers of an operation, each the error contract with its code. */
export function errors(byStatus: Record<number, string>) {
  const out: Record<string, unknown> = {};
  for (const [status, description] of Object.entries(byStatus)) {
    const codes = (Object.keys(errorStatusByCode) as ErrorCode[]).filter(
      (code) => errorStatusByCode[code] === Number(status),
    );
    out[status] = json(ref(responses.errorBodySchema), `${description} (code: ${codes.join(' or ')})`);
  }
  return out;
}

/** The named response schemas; each one's `$schema` and `$id` dropped (the document is their home). */
export function componentSchemas(): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(registry, { uri: componentRef, io: 'output' }) as {
    schemas: Record<string, JsonSchema>;
  };
  return Object.fromEntries(
    Object.entries(schemas).map(([id, { $schema: _, $id: __, ...schema }]) => [id, schema]),
  );
}
