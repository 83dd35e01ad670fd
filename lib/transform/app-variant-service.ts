import 'server-only';
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { env } from '@/lib/env';
import { getObjectStore } from '@/lib/storage/get-object-store';
import type { ImageRequestObserver } from './serve-image';
import { createTransformPool } from './transform-pool';
import { createVariantCache } from './variant-cache';
import { createVariantService, type VariantService } from './variant-service';

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const holder = globalThis as typeof globalThis & { __vitrineVariants?: VariantService };

/** The app's one variant service: cache in DATA_DIR/variants, pool sized by the environment. */
export function getVariantService(): VariantService {
  holder.__vitrineVariants ??= createVariantService({
    async loadSource(storagePath) {
      const object = await getObjectStore().get(storagePath);
      return object ? readAll(object.body) : null;
    },
    cache: createVariantCache({
      dir: path.join(env.DATA_DIR, 'variants'),
      maxBytes: env.VARIANT_CACHE_MAX_MB * 1024 * 1024,
    }),
    pool: createTransformPool({ concurrency: env.TRANSFORM_CONCURRENCY, maxQueue: env.TRANSFORM_QUEUE_MAX }),
  });
  return holder.__vitrineVariants;
}

/**
 * With IMAGE_REQUEST_LOG set, every `/i/` answer is appended there as one JSON line: the browser
 * suite counts requests on the server side, not only what the browser reports.
 */
export const imageRequestLog: ImageRequestObserver | undefined = env.IMAGE_REQUEST_LOG
  ? (event) => void appendFile(env.IMAGE_REQUEST_LOG!, `${JSON.stringify(event)}\n`).catch(() => {})
  : undefined;
