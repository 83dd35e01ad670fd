import 'server-only';
import busboy from 'busboy';
import { ApiError } from '@/lib/api/errors';

export interface Upload {
  file: { bytes: Uint8Array; filename: string; declaredType: string } | null;
  /** Text from a form, or typed values from a JSON request: ingest validates them either way. */
  fields: Record<string, unknown>;
}

export interface UploadLimits {
  /** The whole request body, multipart framing included. */
  maxBytes: number;
  /** A client that sends this slowly is cut off (a stalled upload must not hold a worker). */
  timeoutMs: number;
}

const MAX_FIELDS = 16;
const MAX_FIELD_BYTES = 64 * 1024;

const tooLarge = (maxBytes: number) =>
  new ApiError(
    'payload_too_large',
    `The upload is larger than ${Math.round(maxBytes / 1024 / 1024)} MB. Export the image smaller and try again.`,
  );

/**
 * Reads a `multipart/form-data` body as it arrives (busboy), keeping at most `maxBytes`: the size is
 * checked against Content-Length before a byte is read, and counted while reading, so an oversized
 * body is refused (413) without being buffered. One file part (`file`) and a few short text fields.
 */
/** busboy throws at construction on a missing or malformed boundary: the client's mistake, a 400. */
function multipartParser(contentType: string) {
  try {
    return busboy({
      headers: { 'content-type': contentType },
      limits: { files: 1, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES, parts: MAX_FIELDS + 1 },
    });
  } catch (error) {
    throw new ApiError('bad_request', `The multipart Content-Type is malformed: ${(error as Error).message}`);
  }
}

export async function readUpload(request: Request, limits: UploadLimits): Promise<Upload> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data;/i.test(contentType)) {
    throw new ApiError(
      'unsupported_media_type',
      'Send the upload as multipart/form-data with a `file` part.',
    );
  }
  const declaredLength = Number(request.headers.get('content-length'));
  if (Number.isFinite(declaredLength) && declaredLength > limits.maxBytes) throw tooLarge(limits.maxBytes);
  if (!request.body) throw new ApiError('bad_request', 'The request has no body.');

  const upload: Upload = { file: null, fields: {} };
  let failure: ApiError | null = null;
  const fail = (error: ApiError) => {
    failure ??= error;
  };
  const parser = multipartParser(contentType);
  parser.on('file', (name, stream, info) => {
    // A truncated part errors here as well as on the parser, which reports it.
    stream.on('error', () => undefined);
    if (name !== 'file') {
      stream.resume();
      fail(new ApiError('bad_request', `Unexpected file part "${name}"; send the image as \`file\`.`));
      return;
    }
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      upload.file = {
        bytes: new Uint8Array(Buffer.concat(chunks)),
        filename: info.filename ?? '',
        declaredType: info.mimeType,
      };
    });
  });
  parser.on('field', (name, value, info) => {
    if (info.valueTruncated)
      fail(new ApiError('payload_too_large', `The field "${name}" is longer than 64 KB.`));
    else upload.fields[name] = value;
  });
  parser.on('filesLimit', () => fail(new ApiError('bad_request', 'Send one file per request.')));
  parser.on('fieldsLimit', () => fail(new ApiError('bad_request', 'Too many form fields.')));
  parser.on('partsLimit', () => fail(new ApiError('bad_request', 'Too many form parts.')));
  const finished = new Promise<void>((resolve, reject) => {
    parser.on('close', resolve);
    parser.on('error', (error: unknown) =>
      reject(new ApiError('bad_request', `The multipart body is malformed: ${(error as Error).message}`)),
    );
  });
  // busboy emits 'error' while parsing; the promise above reports it, so the stream's own throw is noise.
  finished.catch(() => undefined);

  const reader = request.body.getReader();
  const deadline = Date.now() + limits.timeoutMs;
  let received = 0;
  try {
    for (;;) {
      const chunk = await readWithDeadline(reader, deadline);
      if (chunk.done) break;
      received += chunk.value.byteLength;
      if (received > limits.maxBytes) throw tooLarge(limits.maxBytes);
      if (!parser.write(chunk.value)) await new Promise((resolve) => parser.once('drain', resolve));
      if (failure) throw failure;
    }
    parser.end();
    await finished;
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    parser.destroy();
    throw error;
  }
  if (failure) throw failure;
  return upload;
}

async function readWithDeadline(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  deadline: number,
): Promise<ReadableStreamReadResult<Uint8Array>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () =>
        reject(new ApiError('request_timeout', 'The upload was too slow; try again on a better connection.')),
      Math.max(0, deadline - Date.now()),
    );
  });
  // The client's connection failing mid-body is the client's problem to retry, not a server error.
  const read = reader.read().catch((error: unknown) => {
    throw new ApiError(
      'bad_request',
      `The upload was interrupted before it was complete (${(error as Error).message}); send it again.`,
    );
  });
  try {
    return await Promise.race([read, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
