import type { OutputFormat } from '../images/ladder';
import {
  allowedMethods,
  forbiddenHeaders,
  type HeaderRecord,
  methodNotAllowedHeaders,
  notFoundHeaders,
} from './headers';
import { isHotlinkAllowed } from './hotlink';
import { storedKeyFor } from './display-set';
import { negotiateEdgeFormat, negotiateFormat, sourceMayHaveAlpha } from './negotiate';
import type { NormalizedTransform } from './normalize';
import { type ParseFailureReason, parseImagePath } from './parse-path';
import { variantKey } from '../images/storage-keys';

export interface ImageRequestInput {
  method: string;
  /** Raw pathname (a query string, if present, is ignored). */
  pathname: string;
  accept: string | null;
  referer: string | null;
  userAgent: string | null;
}

export interface PlanOptions {
  /** Own hosts for hotlink protection; null skips the check (the app serving its own pages). */
  allowedHosts: readonly string[] | null;
}

export type ImageRequestPlan = (
  | {
      action: 'respond';
      status: 403 | 404 | 405;
      reason: ParseFailureReason | 'method-not-allowed' | 'hotlink';
      headers: HeaderRecord;
      body: string;
    }
  | {
      action: 'transform';
      storagePath: string;
      transform: NormalizedTransform;
      /** The negotiated format: what the variant is (stored, cached, or made by sharp). */
      format: OutputFormat;
      variantKey: string;
      /**
       * The stored display variant to read first (`v/<variantKey>`, lib/image-guard/display-set.ts),
       * or null for a transform the app never emits (other qualities, ratios): made on request.
       */
      storedKey: string | null;
      /** What the Worker asks `cf.image` for when it transforms: `format`, but no AVIF above 1,200 px. */
      edgeFormat: OutputFormat;
    }
) & {
  /** HEAD: every answer, whatever it is, goes out with the headers a GET would get and no body. */
  headOnly: boolean;
};

/**
 * Everything about an `/i/` request that can be decided before touching storage, in order: method,
 * path, hotlink. Both runtimes call this and then do their own rate limiting and transform, so the
 * decisions (and the parity table) cannot drift between them.
 */
export function planImageRequest(input: ImageRequestInput, options: PlanOptions): ImageRequestPlan {
  const method = input.method.toUpperCase();
  const headOnly = method === 'HEAD';
  if (!(allowedMethods as readonly string[]).includes(method)) {
    return {
      headOnly,
      action: 'respond',
      status: 405,
      reason: 'method-not-allowed',
      headers: methodNotAllowedHeaders(),
      body: 'Method not allowed',
    };
  }
  const parsed = parseImagePath(input.pathname);
  if (!parsed.ok) {
    return {
      headOnly,
      action: 'respond',
      status: 404,
      reason: parsed.reason,
      headers: notFoundHeaders(),
      body: 'Not found',
    };
  }
  if (options.allowedHosts !== null && !isHotlinkAllowed(input, options.allowedHosts)) {
    return {
      headOnly,
      action: 'respond',
      status: 403,
      reason: 'hotlink',
      headers: forbiddenHeaders(),
      body: 'Forbidden',
    };
  }
  const alpha = sourceMayHaveAlpha(parsed.storagePath);
  const format = negotiateFormat(input.accept, alpha);
  return {
    action: 'transform',
    storagePath: parsed.storagePath,
    transform: parsed.transform,
    format,
    variantKey: variantKey(parsed.storagePath, parsed.transform, format),
    storedKey: storedKeyFor(parsed.storagePath, parsed.transform, format),
    edgeFormat: negotiateEdgeFormat(input.accept, alpha, parsed.transform),
    headOnly,
  };
}
