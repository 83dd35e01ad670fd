import 'server-only';
import {
  errorHeaders,
  type HeaderRecord,
  notFoundHeaders,
  retryLaterHeaders,
  successHeaders,
} from '@/lib/image-guard/headers';
import { planImageRequest } from '@/lib/image-guard/plan';
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

function respond(status: number, headers: HeaderRecord, body: BodyInit | null, headOnly: boolean): Response {
  return new Response(headOnly ? null : body, { status, headers });
}

/**
 * The app's `/i/` endpoint: the same plan as the Worker (lib/image-guard), then sharp through the
 * variant service instead of `cf.image`. The app serves its own pages, so there is no hotlink check
 * here (the Worker has one, in front of the bucket).
 */
export async function serveImageRequest(
  request: Request,
  service: Pick<VariantService, 'getVariant'>,
  observe?: ImageRequestObserver,
): Promise<Response> {
  const startedAt = Date.now();
  const { pathname } = new URL(request.url);
  const plan = planImageRequest(
    {
      method: request.method,
      pathname,
      accept: request.headers.get('accept'),
      referer: request.headers.get('referer'),
      userAgent: request.headers.get('user-agent'),
    },
    { allowedHosts: null },
  );
  let cache: 'hit' | 'miss' | null = null;
  const finish = (response: Response) => {
    observe?.({ pathname, status: response.status, cache, startedAt, endedAt: Date.now() });
    return response;
  };
  if (plan.action === 'respond') {
    return finish(respond(plan.status, plan.headers, plan.body, request.method.toUpperCase() === 'HEAD'));
  }

  try {
    const result = await service.getVariant(plan.storagePath, plan.variantKey, {
      width: plan.transform.width,
      ...(plan.transform.height !== null ? { height: plan.transform.height } : {}),
      quality: plan.transform.quality,
      format: plan.format,
    });
    if (!result) return finish(respond(404, notFoundHeaders(), 'Not found', plan.headOnly));
    cache = result.cacheStatus;
    const { bytes, contentType } = result.variant;
    const headers = { ...successHeaders(contentType), 'Content-Length': String(bytes.byteLength) };
    return finish(respond(200, headers, plan.headOnly ? null : new Uint8Array(bytes), plan.headOnly));
  } catch (error) {
    if (error instanceof PoolSaturatedError) {
      return finish(
        respond(503, retryLaterHeaders(error.retryAfterSeconds), 'Busy, retry shortly', plan.headOnly),
      );
    }
    console.error(`[/i/] ${plan.variantKey} failed`, error);
    // no-store: an outage or a bad source must never be cached as if it were the image.
    return finish(respond(500, errorHeaders(), 'The image could not be produced', plan.headOnly));
  }
}
