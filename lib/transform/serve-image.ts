import 'server-only';
import {
  errorHeaders,
  type HeaderRecord,
  notFoundHeaders,
  retryLaterHeaders,
  successHeaders,
} from '@/lib/image-guard/headers';
import { type ImageRequestInput, planImageRequest } from '@/lib/image-guard/plan';
import { PoolSaturatedError } from './transform-pool';
import type { VariantService } from './variant-service';

/** Called once per answered request; used by the request log the browser suite reads. */
export type ImageRequestObserver = (event: {
  pathname: string;
  status: number;
  cache: 'hit' | 'miss' | null;
  startedAt: number;
  endedAt: number;
}) => void;

export interface ImageAnswer {
  status: number;
  headers: HeaderRecord;
  /** Null for HEAD. */
  body: Uint8Array | string | null;
}

/**
 * The app's `/i/` endpoint, independent of the HTTP layer: the same plan as the Worker
 * (lib/image-guard), then sharp through the variant service instead of `cf.image`. The app serves
 * its own pages, so there is no hotlink check here (the Worker has one, in front of the bucket).
 * Two thin adapters use it: Web Request/Response (the Next route) and Node's http (server.ts).
 */
export async function answerImageRequest(
  input: ImageRequestInput,
  service: Pick<VariantService, 'getVariant'>,
  observe?: ImageRequestObserver,
): Promise<ImageAnswer> {
  const startedAt = Date.now();
  const plan = planImageRequest(input, { allowedHosts: null });
  let cache: 'hit' | 'miss' | null = null;
  const headOnly = input.method.toUpperCase() === 'HEAD';
  const finish = (status: number, headers: HeaderRecord, body: ImageAnswer['body']): ImageAnswer => {
    observe?.({ pathname: input.pathname, status, cache, startedAt, endedAt: Date.now() });
    return { status, headers, body: headOnly ? null : body };
  };
  if (plan.action === 'respond') return finish(plan.status, plan.headers, plan.body);

  try {
    const result = await service.getVariant(plan.storagePath, plan.variantKey, {
      width: plan.transform.width,
      ...(plan.transform.height !== null ? { height: plan.transform.height } : {}),
      quality: plan.transform.quality,
      format: plan.format,
    });
    if (!result) return finish(404, notFoundHeaders(), 'Not found');
    cache = result.cacheStatus;
    const { bytes, contentType } = result.variant;
    return finish(200, { ...successHeaders(contentType), 'Content-Length': String(bytes.byteLength) }, bytes);
  } catch (error) {
    if (error instanceof PoolSaturatedError) {
      return finish(503, retryLaterHeaders(error.retryAfterSeconds), 'Busy, retry shortly');
    }
    console.error(`[/i/] ${plan.variantKey} failed`, error);
    // no-store: an outage or a bad source must never be cached as if it were the image.
    return finish(500, errorHeaders(), 'The image could not be produced');
  }
}

/** Reads what the plan needs from a request's method, raw (still encoded) path and headers. */
export function imageRequestInput(
  method: string,
  pathname: string,
  header: (name: string) => string | null,
): ImageRequestInput {
  return {
    method,
    pathname,
    accept: header('accept'),
    referer: header('referer'),
    userAgent: header('user-agent'),
  };
}

/** The Web adapter (Next's route handler). */
export async function serveImageRequest(
  request: Request,
  service: Pick<VariantService, 'getVariant'>,
  observe?: ImageRequestObserver,
): Promise<Response> {
  const input = imageRequestInput(request.method, new URL(request.url).pathname, (name) =>
    request.headers.get(name),
  );
  const answer = await answerImageRequest(input, service, observe);
  // The variant's bytes always sit on a plain ArrayBuffer (file reads and sharp output); the cast only
  // tells TypeScript so, where copying them into a new array would cost a copy per request.
  const body = answer.body as Uint8Array<ArrayBuffer> | string | null;
  return new Response(body, { status: answer.status, headers: answer.headers });
}
