import { z } from 'zod';
import { isDatabaseUnavailable } from '@/lib/db/unavailable';

/**
 * One error contract for every route: `{ error: { code, message } }` with the real HTTP status
 * (the shape dub's lib/api/errors.ts uses). Handlers throw ApiError; `errorResponse` turns anything
 * thrown into a response, and never leaks internals for errors it does not know.
 */
export const errorStatusByCode = {
  bad_request: 400,
  /** A feed cursor used with another filter than the one it was issued for. */
  cursor_filter_mismatch: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  request_timeout: 408,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable_entity: 422,
  rate_limited: 429,
  internal_server_error: 500,
  /** oEmbed's answer to a format it does not serve (XML). */
  not_implemented: 501,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatusByCode;

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.headers = headers;
  }

  get status(): number {
    return errorStatusByCode[this.code];
  }
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

export function errorJson(code: ErrorCode, message: string, headers: Record<string, string> = {}): Response {
  const body: ErrorBody = { error: { code, message } };
  return Response.json(body, {
    status: errorStatusByCode[code],
    headers: { 'Cache-Control': 'no-store', ...headers },
  });
}

function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

export function errorResponse(error: unknown): Response {
  if (error instanceof ApiError) return errorJson(error.code, error.message, error.headers);
  if (error instanceof z.ZodError) return errorJson('bad_request', describeZodError(error));
  if (isDatabaseUnavailable(error)) {
    return errorJson(
      'service_unavailable',
      'The database cannot be reached right now. Retry in a few seconds.',
      {
        'Retry-After': '5',
      },
    );
  }
  console.error('Unhandled error in route handler', error);
  return errorJson('internal_server_error', 'Something went wrong on our side. Please try again.');
}

/**
 * Wraps a route handler so that every failure goes through the one contract. `observe` sees each
 * failure first: the app's routes (lib/server/routes.ts) tell the process's database health there.
 */
export function withErrorHandling<Args extends unknown[]>(
  handler: (...args: Args) => Promise<Response>,
  observe?: (error: unknown) => void,
): (...args: Args) => Promise<Response> {
  return async (...args) => {
    try {
      return await handler(...args);
    } catch (error) {
      observe?.(error);
      return errorResponse(error);
    }
  };
}
