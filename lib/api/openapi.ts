import 'server-only';
import { credentialsSchema } from '@/lib/auth/login';
import { generationPatchSchema } from '@/lib/curation/generation-fields';
import { studioListQuerySchema } from '@/lib/curation/studio-list';
import { generationSourceSchema } from '@/lib/curation/generation-request';
import { feedFilterSchema } from '@/lib/feed/feed-filter';
import { feedRequestSchema } from '@/lib/feed/feed-request';
import {
  componentSchemas,
  errors,
  inputSchema,
  type JsonSchema,
  json,
  queryParameter,
  ref,
} from './openapi-tools';
import { moderationPaths } from './openapi-moderation';
import * as responses from './response-schemas';

/**
 * `GET /api/openapi.json`: the API as OpenAPI 3.1, generated from the zod schemas the routes validate
 * their input with and the response schemas (lib/api/response-schemas.ts). Nothing here is written
 * by hand but the routes' list, their statuses and their words; `openapi.test.ts` sends real requests
 * and validates every answer against this document, so it cannot drift from the code.
 */
const filterParameters = [
  queryParameter(
    'q',
    feedFilterSchema.shape.q,
    'Words from the prompt (stemmed; the last one also as a prefix)',
  ),
  queryParameter('model', feedFilterSchema.shape.model, 'Exactly this model'),
  queryParameter('author', feedFilterSchema.shape.author, 'Exactly this author'),
  queryParameter(
    'rating',
    feedFilterSchema.shape.rating,
    'Only general or only sensitive generations (absent: both)',
  ),
];

const idParameter = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string', format: 'uuid' },
  description: 'The generation id',
};

/** Curator routes: a session cookie from the studio, or an API token (docs/publishing-api.md). */
const curatorSecurity: Record<string, string[]>[] = [{ bearer: [] }, { session: [] }];
const curatorErrors = {
  401: 'No valid session or API token',
  403: 'A foreign or missing Origin with a session; a submit token where publish is needed',
  429: 'The API token sent too many requests; see Retry-After',
};

const multipartSchema: JsonSchema = {
  type: 'object',
  required: ['file'],
  properties: {
    file: {
      type: 'string',
      contentMediaType: 'application/octet-stream',
      description: 'PNG, JPEG, WebP or AVIF',
    },
    ...(inputSchema(generationPatchSchema).properties as JsonSchema),
  },
};

function paths(): Record<string, unknown> {
  const generation = json(ref(responses.generationSchema), 'The generation');
  return {
    '/api/feed': {
      get: {
        operationId: 'getFeed',
        summary: 'A page of the public feed, newest first (keyset cursors bound to the filter)',
        parameters: [
          queryParameter('limit', feedRequestSchema.shape.limit, 'Items per page'),
          queryParameter(
            'after',
            feedRequestSchema.shape.after,
            'nextCursor of the previous page: older items',
          ),
          queryParameter('before', feedRequestSchema.shape.before, 'prevCursor of a page: newer items'),
          ...filterParameters,
        ],
        responses: {
          200: json(ref(responses.feedPageSchema), 'A page'),
          ...errors({
            400: 'A bad limit, a malformed cursor, a cursor of another filter, both after and before',
          }),
        },
      },
    },
    '/api/facets': {
      get: {
        operationId: 'getFacets',
        summary: 'The most frequent models and authors of a filter, with counts',
        parameters: filterParameters,
        responses: {
          200: json(ref(responses.facetsSchema), 'Facets'),
          ...errors({ 400: 'A bad filter value' }),
        },
      },
    },
    '/api/health': {
      get: {
        operationId: 'getHealth',
        summary: 'Readiness: 200 once this instance serves, 503 while it starts or its database is down',
        responses: {
          200: json(ref(responses.healthSchema), 'Ready'),
          ...errors({ 503: 'Starting, or the database is unreachable; see Retry-After' }),
        },
      },
    },
    '/api/auth/login': {
      post: {
        operationId: 'logIn',
        summary: "A curator's session cookie (the studio's; servers use API tokens)",
        requestBody: {
          required: true,
          content: { 'application/json': { schema: inputSchema(credentialsSchema) } },
        },
        responses: {
          200: json(ref(responses.okSchema), 'Logged in; Set-Cookie carries the session'),
          ...errors({
            400: 'Not JSON, or an unknown or missing field',
            401: 'Wrong e-mail or password',
            403: 'A foreign or missing Origin',
            413: 'A body over 16 KB',
            429: 'Too many failures; see Retry-After',
          }),
        },
      },
    },
    '/api/auth/logout': {
      post: {
        operationId: 'logOut',
        summary: 'Ends the session everywhere',
        responses: {
          200: json(ref(responses.okSchema), 'Logged out'),
          ...errors({ 403: 'A foreign or missing Origin' }),
        },
      },
    },
    '/api/generations': {
      get: {
        operationId: 'listGenerations',
        summary: 'Every generation, newest first, by keyset pages; searched and filtered (publish scope)',
        security: curatorSecurity,
        parameters: [
          queryParameter('status', studioListQuerySchema.shape.status, 'Only this state'),
          queryParameter(
            'reported',
            studioListQuerySchema.shape.reported,
            'Only generations with open reports',
          ),
          queryParameter('q', studioListQuerySchema.shape.q, 'Words from the prompt, as the feed searches'),
          queryParameter('model', studioListQuerySchema.shape.model, 'Exactly this model'),
          queryParameter('author', studioListQuerySchema.shape.author, 'Exactly this author'),
          queryParameter('rating', studioListQuerySchema.shape.rating, 'Only this rating'),
          queryParameter('limit', studioListQuerySchema.shape.limit, 'At most this many'),
          queryParameter('after', studioListQuerySchema.shape.after, 'nextCursor of the previous page'),
        ],
        responses: {
          200: json(ref(responses.generationListSchema), 'The generations'),
          ...errors({
            400: 'A bad filter, limit or cursor, a parameter given twice, or an unknown one',
            ...curatorErrors,
          }),
        },
      },
      post: {
        operationId: 'createGeneration',
        summary: 'Sends a generation: a file, a sourceUrl or a bucketKey (submit scope)',
        security: curatorSecurity,
        parameters: [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
            description: 'Makes a retried request safe: the same key and request answer the same generation',
          },
        ],
        requestBody: {
          required: true,
          content: {
            'multipart/form-data': { schema: multipartSchema },
            'application/json': { schema: inputSchema(generationSourceSchema) },
          },
        },
        responses: {
          200: json(
            ref(responses.generationSchema),
            'These bytes (or this Idempotency-Key) made a generation before: it',
          ),
          201: json(ref(responses.generationSchema), 'A new generation: submitted, draft, or publishing'),
          ...errors({
            400: 'A bad field or body; a sourceUrl that is not https or points inside; a bad bucketKey',
            ...curatorErrors,
            408: 'The upload stalled',
            409: 'The request holding this Idempotency-Key still runs',
            413: 'Over the size or pixel limits',
            415: 'Not PNG, JPEG, WebP or AVIF; another Content-Type',
            422: 'Undecodable; a source that cannot be read; nothing to publish; a reused Idempotency-Key',
          }),
        },
      },
    },
    '/api/generations/{id}': {
      get: {
        operationId: 'getGeneration',
        summary: 'One generation and its state (a submit token: only what it sent)',
        security: curatorSecurity,
        parameters: [idParameter],
        responses: { 200: generation, ...errors({ ...curatorErrors, 404: 'No such generation' }) },
      },
      patch: {
        operationId: 'editGeneration',
        summary: 'Edits its fields (publish scope)',
        security: curatorSecurity,
        parameters: [idParameter],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: inputSchema(generationPatchSchema) } },
        },
        responses: {
          200: generation,
          ...errors({
            400: 'Empty, an unknown field or a bad value',
            ...curatorErrors,
            404: 'No such generation',
          }),
        },
      },
      delete: {
        operationId: 'deleteGeneration',
        summary: 'Deletes it, its objects and its cached variants (publish scope)',
        security: curatorSecurity,
        parameters: [idParameter],
        responses: {
          200: json(ref(responses.deletedSchema), 'Deleted'),
          ...errors({ ...curatorErrors, 404: 'No such generation' }),
        },
      },
    },
    '/api/generations/{id}/publish': {
      post: {
        operationId: 'publishGeneration',
        summary: 'Publishes it through the queue: publishing, then public (publish scope)',
        security: curatorSecurity,
        parameters: [idParameter],
        responses: {
          200: json(ref(responses.stateChangeSchema), 'Publishing (or already public)'),
          ...errors({
            ...curatorErrors,
            404: 'No such generation',
            409: 'Its original is missing or it changed meanwhile',
            422: 'No prompt, model or author',
          }),
        },
      },
    },
    '/api/generations/{id}/unpublish': {
      post: {
        operationId: 'unpublishGeneration',
        summary: 'Takes it out of the feed and purges its variants (publish scope)',
        security: curatorSecurity,
        parameters: [idParameter],
        responses: {
          200: json(ref(responses.stateChangeSchema), 'Unpublished'),
          ...errors({ ...curatorErrors, 404: 'No such generation', 409: 'It was never published' }),
        },
      },
    },
    ...moderationPaths({ idParameter, curatorSecurity, curatorErrors }),
  };
}

let cached: JsonSchema | undefined;

/** The document; built once per process (it depends on nothing but the code). */
export function openApiDocument(): JsonSchema {
  cached ??= {
    openapi: '3.1.0',
    info: {
      title: 'Vitrine API',
      version: '1',
      description:
        'The public feed, and publishing for curators and the host app (docs/publishing-api.md). ' +
        'Every error is { error: { code, message } } with its real status.',
    },
    paths: paths(),
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'vt_ followed by 43 characters of [A-Za-z0-9_-]',
          description: 'An API token: npm run curator -- token create <name> --scope submit|publish',
        },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: '__Host-vitrine-session',
          description: 'The studio session',
        },
      },
    },
  };
  return cached;
}
