import { ApiError } from './errors';

/**
 * A JSON request body of at most `maxBytes` (counted while reading, so an oversized body is not
 * buffered): 413 past it, 400 when it is not JSON. The caller validates the shape (zod).
 */
export async function readJsonBody(request: Request, maxBytes = 16 * 1024): Promise<unknown> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new ApiError('payload_too_large', `The request body is larger than ${maxBytes} bytes.`);
  }
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = request.body?.getReader();
  for (;;) {
    const chunk = reader ? await reader.read() : { done: true as const, value: undefined };
    if (chunk.done) break;
    received += chunk.value.byteLength;
    if (received > maxBytes) {
      await reader?.cancel().catch(() => undefined);
      throw new ApiError('payload_too_large', `The request body is larger than ${maxBytes} bytes.`);
    }
    chunks.push(chunk.value);
  }
  const text = new TextDecoder().decode(Buffer.concat(chunks));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError('bad_request', 'The request body must be JSON.');
  }
}
