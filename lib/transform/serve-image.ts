import 'server-only';
import {
  errorHeaders,
  type HeaderRecord,
  notFoundHeaders,
  retryLaterHeaders,
  successHeaders,
} from '@/lib/image-guard/headers';
import { type ImageRequestInput, planImageRequest } from '@/lib/image-guard/plan';
import { normalizedPathname } from '@/lib/image-guard/request-path';
import { clientAddressFrom } from '@/lib/http/peer-address';
import { StorageTimeoutError } from '@/lib/storage/read-object';
import { PoolSaturatedError } from './transform-pool';
import { TooManyMissesError, type VariantResult, type VariantService } from './variant-service';

/**
 * Where an answer's bytes came from: the in-memory tier, the disk cache, the stored display variant
 * in the public store, or a transform.
 */
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

/** How the app's `/i/` guards itself, from the environment (lib/server/app-services.ts). */
export interface ImageGuardOptions {
  observe?: ImageRequestObserver;
  /** ALLOWED_HOSTS: hosts whose pages may embed the images (hotlink check); null: any. */
  allowedHosts?: readonly string[] | null;
  /** TRUST_PROXY: the client is the last X-Forwarded-For hop rather than the TCP peer. */
  trustProxy?: boolean;
  /** The whole answer, queue and storage read included; past it 504 (no-store). Default 15 s. */
  deadlineMs?: number;
}

/** Who is asking, for the per-client budget of misses; null when unknown (then unlimited). */
export interface ImageRequestClient {
  address: string | null;
}

const DEFAULT_DEADLINE_MS = 15_000;

class DeadlineError extends Error {}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError()), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

export interface ImageAnswer {
  status: number;
  headers: HeaderRecord;
  /** Null for HEAD. */
  body: Uint8Array | string | null;
}

/**
 * The app's `/i/` endpoint, independent of the HTTP layer: the same plan as the Worker
 * (lib/image-guard), then the variant service: cached, else the stored display variant the plan names,
 * else sharp instead of `cf.image`. The app serves
 * its own pages; like the Worker it checks the Referer when ALLOWED_HOSTS is set, and it limits
 * each client's cache misses (429) and every answer's time (504).
 * Two thin adapters use it: Web Request/Response (the Next route, `next dev`) and Node's http
 * (node-image-adapter.ts, what `npm start` answers with).
 */
export async function answerImageRequest(
  input: ImageRequestInput,
  service: Pick<VariantService, 'getVariant'>,
  options: ImageGuardOptions & ImageRequestClient = { address: null },
): Promise<ImageAnswer> {
  const { observe } = options;
  const startedAt = Date.now();
  const plan = planImageRequest(input, { allowedHosts: options.allowedHosts ?? null });
  let cache: ImageCacheTier | null = null;
  const finish = (status: number, headers: HeaderRecord, body: ImageAnswer['body']): ImageAnswer => {
    notify(observe, { pathname: input.pathname, status, cache, startedAt, endedAt: Date.now() });
    return { status, headers, body: plan.headOnly ? null : body };
  };
  if (plan.action === 'respond') return finish(plan.status, plan.headers, plan.body);

  try {
    const variant = service.getVariant(
      plan.storagePath,
      plan.variantKey,
      {
        width: plan.transform.width,
        ...(plan.transform.height !== null ? { height: plan.transform.height } : {}),
        quality: plan.transform.quality,
        format: plan.format,
      },
      { storedKey: plan.storedKey, ...(options.address === null ? {} : { client: options.address }) },
    );
    const result = await withDeadline(variant, options.deadlineMs ?? DEFAULT_DEADLINE_MS);
    if (!result) return finish(404, notFoundHeaders(), 'Not found');
    cache = result.cacheStatus;
    const { bytes, contentType } = result.variant;
    return finish(200, { ...successHeaders(contentType), 'Content-Length': String(bytes.byteLength) }, bytes);
  } catch (error) {
    if (error instanceof PoolSaturatedError) {
      return finish(503, retryLaterHeaders(error.retryAfterSeconds), 'Busy, retry shortly');
    }
    if (error instanceof TooManyMissesError) {
      return finish(429, retryLaterHeaders(error.retryAfterSeconds), 'Too many new images requested');
    }
    if (error instanceof DeadlineError || error instanceof StorageTimeoutError) {
      // The work behind it is bounded too (storage read timeout, transform timeout): the slot frees.
      console.warn(`[/i/] ${plan.variantKey} timed out`);
      return finish(504, errorHeaders(), 'The image took too long; retry shortly');
    }
    console.error(`[/i/] ${plan.variantKey} failed`, error);
    // no-store: an outage or a bad source must never be cached as if it were the image.
    return finish(500, errorHeaders(), 'The image could not be produced');
  }
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
  options: ImageGuardOptions = {},
): Promise<Response> {
  const header = (name: string) => request.headers.get(name);
  const input = imageRequestInput(request.method, request.url, header);
  // The production server names the TCP peer in a header (lib/http/peer-address.ts); `next dev` does not.
  const address = clientAddressFrom(header, null, options.trustProxy ?? false);
  const answer = await answerImageRequest(input, service, { ...options, address });
  // The variant's bytes always sit on a plain ArrayBuffer (file reads and sharp output); the cast only
  // tells TypeScript so, where copying them into a new array would cost a copy per request.
  const body = answer.body as Uint8Array<ArrayBuffer> | string | null;
  return new Response(body, { status: answer.status, headers: answer.headers });
}
