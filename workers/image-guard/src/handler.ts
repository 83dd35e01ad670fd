import {
  errorHeaders,
  notFoundHeaders,
  retryLaterHeaders,
  successHeaders,
} from '../../../lib/image-guard/headers';
import { sourceCacheTag } from '../../../lib/images/storage-keys';
import { parseAllowedHosts } from '../../../lib/image-guard/hotlink';
import { planImageRequest } from '../../../lib/image-guard/plan';
import { formatContentTypes } from '../../../lib/images/ladder';
import { edgeImageOptions } from './edge-options';

/** The `period` of the IMAGE_RATE_LIMITER binding in wrangler.jsonc, sent as Retry-After. */
export const rateLimitPeriodSeconds = 60;

const deliverableContentTypes: ReadonlySet<string> = new Set(Object.values(formatContentTypes));

/**
 * The Worker's bindings with the rate limiter optional: the generated Env (wrangler types) declares
 * every binding in wrangler.jsonc as present, but a deployment without it (or a unit test) still
 * serves images.
 */
export type ImageGuardEnv = Omit<Env, 'IMAGE_RATE_LIMITER'> & Partial<Pick<Env, 'IMAGE_RATE_LIMITER'>>;

export async function handleImageRequest(request: Request, env: ImageGuardEnv): Promise<Response> {
  const plan = planImageRequest(
    {
      method: request.method,
      pathname: new URL(request.url).pathname,
      accept: request.headers.get('Accept'),
      referer: request.headers.get('Referer'),
      userAgent: request.headers.get('User-Agent'),
    },
    { allowedHosts: parseAllowedHosts(env.ALLOWED_HOSTS) },
  );
  const { headOnly } = plan;
  if (plan.action === 'respond') {
    return new Response(headOnly ? null : plan.body, { status: plan.status, headers: plan.headers });
  }

  if (!(await withinRateLimit(request, env))) {
    return new Response(headOnly ? null : 'Too many requests', {
      status: 429,
      headers: retryLaterHeaders(rateLimitPeriodSeconds),
    });
  }

  const originBase = env.ORIGIN_BASE_URL.replace(/\/+$/, '');
  // Tagged per source, so unpublishing purges every variant of it, stored or transformed, with one tag
  // (lib/curation/cdn-purger.ts).
  const cacheTags = [sourceCacheTag(plan.storagePath)];

  if (plan.storedKey !== null) {
    // An emitted variant: the display set made at publish holds it as a plain object. Fetched through
    // the zone cache (Tiered Cache and Cache Reserve apply), never through cf.image: no transformation
    // is billed and the Worker still never decodes image bytes.
    let stored: Response;
    try {
      stored = await fetch(`${originBase}/${plan.storedKey}`, {
        method: 'GET',
        cf: { cacheEverything: true, cacheTags },
      });
    } catch {
      return failure(headOnly);
    }
    if (stored.status === 200) {
      // The stored object must be the negotiated format: anything else under this immutable URL and
      // Accept would pin the wrong bytes in every cache for a year.
      const contentType = deliverableContentType(stored);
      if (contentType !== formatContentTypes[plan.format]) {
        await discard(stored);
        return failure(headOnly);
      }
      if (headOnly) await discard(stored);
      return new Response(headOnly ? null : stored.body, {
        status: 200,
        headers: successHeaders(contentType),
      });
    }
    await discard(stored);
    // Not stored (a rung above what the source fills, or a row whose set is not made yet): transform it
    // from the original below. Any other answer is an outage, not a miss.
    if (stored.status !== 404 && stored.status !== 410) return failure(headOnly);
  }

  let origin: Response;
  try {
    // A fresh request: no client headers or cookies reach the origin, and nothing in the URL but the
    // validated storage path, so the Worker cannot be used to resize arbitrary images.
    origin = await fetch(`${originBase}/${plan.storagePath}`, {
      method: 'GET',
      cf: { image: edgeImageOptions(plan.transform, plan.edgeFormat), cacheTags },
    });
  } catch {
    return failure(headOnly);
  }

  if (origin.status === 404 || origin.status === 410) {
    await discard(origin);
    return new Response(headOnly ? null : 'Not found', { status: 404, headers: notFoundHeaders() });
  }
  const contentType = deliverableContentType(origin);
  // Cf-Resized: err=… means Cloudflare could not transform and passed the original through: serving
  // that under an immutable variant URL would pin the wrong bytes in every cache for a year.
  const resizeFailed = origin.headers.get('Cf-Resized')?.includes('err=') ?? false;
  if (origin.status !== 200 || contentType === null || resizeFailed) {
    await discard(origin);
    return failure(headOnly);
  }
  if (headOnly) await discard(origin);
  // Content-Type comes from the bytes actually produced: Cloudflare may answer an AVIF request with
  // WebP or JPEG (a portrait source whose height passes the AVIF limit).
  return new Response(headOnly ? null : origin.body, { status: 200, headers: successHeaders(contentType) });
}

/**
 * Fails open: a limiter outage (or a deployment without the binding) must not take images down;
 * the limiter is abuse damping, not access control.
 */
async function withinRateLimit(request: Request, env: ImageGuardEnv): Promise<boolean> {
  if (!env.IMAGE_RATE_LIMITER) return true;
  const key = request.headers.get('CF-Connecting-IP') ?? 'unknown';
  try {
    const { success } = await env.IMAGE_RATE_LIMITER.limit({ key });
    return success;
  } catch {
    return true;
  }
}

function deliverableContentType(response: Response): string | null {
  const type = (response.headers.get('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
  return deliverableContentTypes.has(type) ? type : null;
}

function failure(headOnly: boolean): Response {
  return new Response(headOnly ? null : 'Bad gateway', { status: 502, headers: errorHeaders() });
}

async function discard(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // Nothing to release.
  }
}
