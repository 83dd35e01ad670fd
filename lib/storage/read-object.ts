import { sourceLimits } from '@/lib/images/source-limits';
import type { StoredObject } from './object-store';

/**
 * The bound on reading one original (private or published) into memory: the source limit, since
 * ingest refuses anything larger and the transforms could not use it. Not the upload limit
 * (UPLOAD_MAX_MB): that bounds a request body, and lowering it must not make originals accepted
 * before unreadable. The timeout is how long a transform slot or a curator waits for a stalled store.
 */
export const sourceReadLimits = { maxBytes: sourceLimits.maxBytes, timeoutMs: 10_000 } as const;

/** The object is larger than the reader accepts; known from its metadata, before any byte is read. */
export class ObjectTooLargeError extends Error {
  constructor(key: string, size: number, maxBytes: number) {
    super(`${key} is ${size} bytes, above the ${maxBytes}-byte limit`);
    this.name = 'ObjectTooLargeError';
  }
}

/** The store stopped sending an object's bytes: the read was abandoned and its stream released. */
export class StorageTimeoutError extends Error {
  constructor(key: string, timeoutMs: number) {
    super(`Reading ${key} from storage took longer than ${timeoutMs} ms`);
    this.name = 'StorageTimeoutError';
  }
}

/**
 * An object's bytes, bounded: refused from its size before reading, cut off if the stream sends more
 * than it announced, and abandoned (stream cancelled, connection released) when it is not complete
 * within `timeoutMs`, so a stalled origin cannot hold a transform slot.
 */
export async function readObject(
  object: StoredObject,
  limits: { maxBytes: number; timeoutMs: number },
): Promise<Uint8Array> {
  if (object.size > limits.maxBytes) {
    await object.body.cancel().catch(() => undefined);
    throw new ObjectTooLargeError(object.key, object.size, limits.maxBytes);
  }
  const reader = object.body.getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new StorageTimeoutError(object.key, limits.timeoutMs));
      void reader.cancel().catch(() => undefined);
    }, limits.timeoutMs);
  });
  try {
    const chunks: Uint8Array[] = [];
    let length = 0;
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), stalled]);
      if (done) break;
      length += value.byteLength;
      if (length > limits.maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new ObjectTooLargeError(object.key, length, limits.maxBytes);
      }
      chunks.push(value);
    }
    return Buffer.concat(chunks, length);
  } finally {
    clearTimeout(timer);
  }
}
