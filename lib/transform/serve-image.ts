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
import type { VariantResult, VariantService } from './variant-service';

/** Where an answer's bytes came from: the in-memory tier, the disk cache, or a transform. */
export type ImageCacheTier = VariantResult['cacheStatus'];

export interface ImageRequestEvent {
  pathname: string;
  status: number;
  cache: ImageCacheTier | null;
  startedAt: number;
  endedAt: number;
}

/** Called once per answered request: the access log (IMAGE_ACCESS_LOG), which the browser suite reads. */
export type ImageRequestObserver = (event: ImageRequestEvent) => void;

/** A log that cannot be written must not turn an image into an error; it is reported instead. */
function notify(observe: ImageRequestObserver | undefined, event: ImageRequestEvent): void {
  try {
    observe?.(event);
  } catch (error) {
    console.error('[/i/] the access log could not be written', error);
  }
}

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
 * Two thin adapters use it: Web Request/Response (the Next route, `next dev`) and Node's http
 * (node-image-adapter.ts, what `npm start` answers with).
 */
export async function answerImageRequest(
  input: ImageRequestInput,
  service: Pick<VariantService, 'getVariant'>,
  observe?: ImageRequestObserver,
): Promise<ImageAnswer> {
  const startedAt = Date.now();
  const plan = planImageRequest(input, { allowedHosts: null });
  let cache: ImageCacheTier | null = null;
  const finish = (status: number, headers: HeaderRecord, body: ImageAnswer['body']): ImageAnswer => {
    notify(observe, { pathname: input.pathname, status, cache, startedAt, endedAt: Date.now() });
    return { status, headers, body: plan.headOnly ? null : body };
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

/**
 * The path as every runtime sees it: parsed as a WHATWG URL, which resolves `.`/`..` segments
 * (`%2e%2e` included) and turns `\` into `/`, as the Worker's and Next's `request.url` already are.
 * Still percent-encoded otherwise: the guard refuses encoded slashes and the like instead of decoding
 * them. Node's http hands adapters the raw request target, so they must call this.
 */
export function normalizedPathname(url: string): string {
  return new URL(url, 'http://localhost').pathname;
}

/** Reads what the plan needs from a request's method, URL and headers. */
export function imageRequestInput(
  method: string,
  url: string,
  header: (name: string) => string | null,
): ImageRequestInput {
  return {
    method,
    pathname: normalizedPathname(url),
    accept: header('accept'),
    referer: header('referer'),
    userAgent: header('user-agent'),
  };
}

/** The Web adapter (Next's route handler, used under `next dev` and a plain `next start`). */
export async function serveImageRequest(
  request: Request,
  service: Pick<VariantService, 'getVariant'>,
  observe?: ImageRequestObserver,
): Promise<Response> {
  const input = imageRequestInput(request.method, request.url, (name) => request.headers.get(name));
  const answer = await answerImageRequest(input, service, observe);
  // The variant's bytes always sit on a plain ArrayBuffer (file reads and sharp output); the cast only
  // tells TypeScript so, where copying them into a new array would cost a copy per request.
  const body = answer.body as Uint8Array<ArrayBuffer> | string | null;
  return new Response(body, { status: answer.status, headers: answer.headers });
}
