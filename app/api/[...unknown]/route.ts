import { errorJson } from '@/lib/api/errors';

/**
 * Every `/api/` path no route owns answers in the API's error contract: a JSON 404 that names the
 * path, for every method. Without it Next rendered the site's HTML 404 page there, which API clients
 * cannot read and the API's `default-src 'none'` policy showed as a blank page.
 */
function unknownRoute(request: Request): Response {
  const { pathname } = new URL(request.url);
  return errorJson('not_found', `No API route at ${pathname}. The routes are listed in /api/openapi.json.`);
}

export const GET = unknownRoute;
export const HEAD = unknownRoute;
export const POST = unknownRoute;
export const PUT = unknownRoute;
export const PATCH = unknownRoute;
export const DELETE = unknownRoute;
export const OPTIONS = unknownRoute;
