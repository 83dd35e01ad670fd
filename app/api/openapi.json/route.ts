import { openApiDocument } from '@/lib/api/openapi';
import { route } from '@/lib/server/routes';

/** The API's OpenAPI 3.1 document (lib/api/openapi.ts); it changes only with a deploy. */
export const GET = route(async () =>
  Response.json(openApiDocument(), { headers: { 'Cache-Control': 'public, max-age=300' } }),
);
