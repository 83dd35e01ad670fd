import 'server-only';
import { hideRequestSchema } from '@/lib/moderation/hide-request';
import { reportRequestSchema } from '@/lib/moderation/reports';
import { errors, inputSchema, json, ref } from './openapi-tools';
import * as responses from './response-schemas';

/** The moderation routes' part of the OpenAPI document (lib/api/openapi.ts; docs/moderation.md). */
export function moderationPaths(shared: {
  idParameter: Record<string, unknown>;
  curatorSecurity: Record<string, string[]>[];
  curatorErrors: Record<number, string>;
}): Record<string, unknown> {
  const { idParameter, curatorSecurity, curatorErrors } = shared;
  return {
    '/api/reports': {
      post: {
        operationId: 'reportGeneration',
        summary: 'A visitor reports a public generation (no login; rate-limited per address and image)',
        requestBody: {
          required: true,
          content: { 'application/json': { schema: inputSchema(reportRequestSchema) } },
        },
        responses: {
          201: json(ref(responses.reportFiledSchema), 'Reported'),
          ...errors({
            400: 'Not JSON, an unknown field, a bad reason, a note over 500 characters',
            404: 'No public generation has this id',
            413: 'A body over 4 KB',
            429: 'Too many reports from this address or of this image; see Retry-After',
          }),
        },
      },
    },
    '/api/revocations': {
      get: {
        operationId: 'getRevocations',
        summary: "Sources taken down lately: what visitors' service workers drop (cacheable 30 s)",
        responses: { 200: json(ref(responses.revocationsSchema), 'The list') },
      },
    },
    '/api/generations/{id}/hide': {
      post: {
        operationId: 'hideGeneration',
        summary: 'Takes it down (or rejects a submission) with a reason, purging every cache (publish scope)',
        security: curatorSecurity,
        parameters: [idParameter],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: inputSchema(hideRequestSchema) } },
        },
        responses: {
          200: json(ref(responses.stateChangeSchema), 'Hidden'),
          ...errors({
            400: 'No reason, or one over 500 characters',
            ...curatorErrors,
            404: 'No such generation',
          }),
        },
      },
    },
    '/api/generations/{id}/dismiss-reports': {
      post: {
        operationId: 'dismissReports',
        summary: 'Closes its open reports: nothing to act on (publish scope)',
        security: curatorSecurity,
        parameters: [idParameter],
        responses: {
          200: json(ref(responses.dismissedSchema), 'Dismissed'),
          ...errors({ ...curatorErrors, 404: 'No such generation' }),
        },
      },
    },
    '/api/generations/{id}/events': {
      get: {
        operationId: 'getGenerationEvents',
        summary: 'Its record: every state change, who made it and when, newest first (publish scope)',
        security: curatorSecurity,
        parameters: [idParameter],
        responses: {
          200: json(ref(responses.generationEventsSchema), 'The record (kept after a delete)'),
          ...errors(curatorErrors),
        },
      },
    },
  };
}
