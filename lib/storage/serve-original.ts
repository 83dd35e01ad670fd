import 'server-only';
import { crossOriginReadable, immutableCacheControl, notFoundHeaders } from '@/lib/image-guard/headers';
import { publishedPathProblem } from '@/lib/image-guard/parse-path';
import type { ObjectStore } from './object-store';

const prefix = '/o/';

/**
 * `/o/g/<sha256>.<ext>`: a published original, byte for byte (the `origin` provider and the detail
 * view's download). Only the published namespace is reachable, with the same path rules as `/i/`;
 * drafts and anything else are a 404.
 */
export async function serveOriginal(request: Request, store: ObjectStore): Promise<Response> {
  const { pathname } = new URL(request.url);
  const storagePath = pathname.startsWith(prefix) ? pathname.slice(prefix.length) : '';
  const headOnly = request.method === 'HEAD';
  const object = publishedPathProblem(storagePath) === null ? await store.get(storagePath) : null;
  if (!object)
    return new Response(headOnly ? null : 'Not found', { status: 404, headers: notFoundHeaders() });
  if (headOnly) await object.body.cancel();
  const fileName = storagePath.split('/').at(-1)!;
  return new Response(headOnly ? null : object.body, {
    headers: {
      'Content-Type': object.contentType,
      'Content-Length': String(object.size),
      'Cache-Control': immutableCacheControl,
      'X-Content-Type-Options': 'nosniff',
      // The `origin` provider loads these as the feed's images, with `crossorigin`.
      ...crossOriginReadable,
      'Content-Disposition': `inline; filename="${fileName}"`,
    },
  });
}
