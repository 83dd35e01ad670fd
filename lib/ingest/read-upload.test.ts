import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/api/errors';
import { readUpload } from './read-upload';

const limits = { maxBytes: 1024 * 1024, timeoutMs: 2000 };

function formRequest(form: FormData): Promise<Request> {
  // Serialize through a Response so the body has real multipart framing and a boundary.
  const encoded = new Response(form);
  return encoded.arrayBuffer().then(
    (body) =>
      new Request('http://localhost/api/generations', {
        method: 'POST',
        headers: { 'content-type': encoded.headers.get('content-type')! },
        body,
      }),
  );
}

/** A body produced on demand, 64 KB at a time, that records how much was pulled from it. */
function streamedRequest(totalBytes: number, contentLength?: number) {
  const boundary = 'vitrine-test-boundary';
  const head = new TextEncoder().encode(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.png"\r\nContent-Type: image/png\r\n\r\n`,
  );
  let produced = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (produced === 0) controller.enqueue(head);
      if (produced >= totalBytes) {
        controller.close();
        return;
      }
      const chunk = new Uint8Array(Math.min(65_536, totalBytes - produced));
      produced += chunk.length;
      controller.enqueue(chunk);
    },
  });
  const request = new Request('http://localhost/api/generations', {
    method: 'POST',
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      ...(contentLength ? { 'content-length': String(contentLength) } : {}),
    },
    body,
    duplex: 'half',
  } as RequestInit);
  return { request, produced: () => produced };
}

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('readUpload', () => {
  it('reads the file and the text fields', async () => {
    const form = new FormData();
    form.set('file', new File([new Uint8Array([1, 2, 3])], 'a.png', { type: 'image/png' }));
    form.set('prompt', 'a heron, ünïcødé');
    form.set('seed', '42');
    const upload = await readUpload(await formRequest(form), limits);
    expect(upload).toEqual({
      file: { bytes: new Uint8Array([1, 2, 3]), filename: 'a.png', declaredType: 'image/png' },
      fields: { prompt: 'a heron, ünïcødé', seed: '42' },
    });
  });

  it('refuses a declared 80 MB body at once, without reading it', async () => {
    const { request, produced } = streamedRequest(80 * 1024 * 1024, 80 * 1024 * 1024);
    expect((await rejection(readUpload(request, limits))).status).toBe(413);
    // A stream fills its first chunk on its own when it is made; nothing more was read.
    expect(produced()).toBeLessThanOrEqual(65_536);
  });

  it('stops reading an undeclared oversized body as soon as it passes the limit', async () => {
    const { request, produced } = streamedRequest(80 * 1024 * 1024);
    expect((await rejection(readUpload(request, limits))).status).toBe(413);
    expect(produced()).toBeLessThan(limits.maxBytes + 256 * 1024);
  });

  it.each([
    [
      'not multipart',
      () =>
        new Request('http://localhost/', {
          method: 'POST',
          body: 'x',
          headers: { 'content-type': 'text/plain' },
        }),
      415,
    ],
    [
      'a second file',
      async () => {
        const form = new FormData();
        form.append('file', new File([new Uint8Array([1])], 'a.png'));
        form.append('file', new File([new Uint8Array([2])], 'b.png'));
        return formRequest(form);
      },
      400,
    ],
    [
      'a file under another name',
      async () => {
        const form = new FormData();
        form.append('image', new File([new Uint8Array([1])], 'a.png'));
        return formRequest(form);
      },
      400,
    ],
    [
      'a broken multipart body',
      () =>
        new Request('http://localhost/', {
          method: 'POST',
          body: '--x\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nabc',
          headers: { 'content-type': 'multipart/form-data; boundary=x' },
        }),
      400,
    ],
  ])('refuses %s', async (_label, make, status) => {
    expect((await rejection(readUpload(await make(), limits))).status).toBe(status);
  });

  it('gives up on a client that stalls', async () => {
    const stalled = new Request('http://localhost/', {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      body: new ReadableStream({ pull: () => new Promise(() => {}) }),
      duplex: 'half',
    } as RequestInit);
    const started = Date.now();
    expect((await rejection(readUpload(stalled, { ...limits, timeoutMs: 200 }))).status).toBe(408);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
