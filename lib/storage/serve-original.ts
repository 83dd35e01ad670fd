import 'server-only';
import {
  crossOriginReadable,
  errorHeaders,
  immutableCacheControl,
  notFoundHeaders,
} from '@/lib/image-guard/headers';
import { publishedPathProblem } from '@/lib/image-guard/parse-path';
import { FORMAT_INFO, sniffImageFormat } from '@/lib/ingest/sniff-format';
import type { ObjectStore } from './object-store';

const prefix = '/o/';
/** Enough leading bytes for every signature sniffImageFormat knows (AVIF's ftyp box included). */
const SNIFF_BYTES = 64;

/**
 * An original is a document of its own when opened directly: it may load nothing, run nothing, and
 * is sandboxed, so even bytes that a browser could take for HTML or SVG cannot act on the origin.
 */
const originalContentSecurityPolicy = "default-src 'none'; sandbox";

/** The stream's first `count` bytes (fewer if it is shorter), and a stream of all of it again. */
async function peek(body: ReadableStream<Uint8Array>, count: number) {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  while (length < count) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    length += value.byteLength;
  }
  const head = Buffer.concat(chunks, length);
  const whole = new ReadableStream<Uint8Array>({
    start(controller) {
      if (head.byteLength > 0) controller.enqueue(head);
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return { head, whole, release: () => reader.cancel() };
}

/**
 * `/o/g/<sha256>.<ext>`: a published original, byte for byte (the `origin` provider and the detail
 * view's download). Only the published namespace is reachable, with the same path rules as `/i/`;
 * drafts and anything else are a 404. The Content-Type comes from the bytes, never from what was
 * stored with them: anything that is not one of the four image formats is refused, so no object that
 * ever lands under `g/` can be served as a page of this origin. Storage failures are `no-store`.
 */
export async function serveOriginal(request: Request, store: ObjectStore): Promise<Response> {
  const { pathname } = new URL(request.url);
  const storagePath = pathname.startsWith(prefix) ? pathname.slice(prefix.length) : '';
  const headOnly = request.method === 'HEAD';
  const answer = (status: number, headers: Record<string, string>, body: string) =>
    new Response(headOnly ? null : body, { status, headers });
  try {
    const object = publishedPathProblem(storagePath) === null ? await store.get(storagePath) : null;
    if (!object) return answer(404, notFoundHeaders(), 'Not found');
    const { head, whole, release } = await peek(object.body, SNIFF_BYTES);
    const format = sniffImageFormat(head);
    if (!format) {
      await release();
      console.error(`[/o/] ${storagePath} is not an image; refusing to serve it`);
      return answer(500, errorHeaders(), 'This original cannot be served');
    }
    if (headOnly) await release();
    const fileName = storagePath.split('/').at(-1)!;
    return new Response(headOnly ? null : whole, {
      headers: {
        'Content-Type': FORMAT_INFO[format].contentType,
        'Content-Length': String(object.size),
        'Cache-Control': immutableCacheControl,
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': originalContentSecurityPolicy,
        // The `origin` provider loads these as the feed's images, with `crossorigin`.
        ...crossOriginReadable,
        'Content-Disposition': `inline; filename="${fileName}"`,
      },
    });
  } catch (error) {
    console.error(`[/o/] reading ${storagePath} failed`, error);
    return answer(503, { ...errorHeaders(), 'Retry-After': '5' }, 'Storage is unavailable; retry shortly');
  }
}
