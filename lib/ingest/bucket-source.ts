import 'server-only';
import { ApiError } from '@/lib/api/errors';
import { assertValidObjectKey, InvalidObjectKeyError, type ObjectStore } from '@/lib/storage/object-store';
import { ObjectTooLargeError, readObject, StorageTimeoutError } from '@/lib/storage/read-object';

/**
 * A generation's bytes from the host app's own bucket (`IMPORT_S3_BUCKET`): the key validated as
 * every object key is (relative, no `.`/`..` segment, no control character, ≤ 512 bytes), refused
 * from its size before a byte is read, and read within a time bound.
 */
export async function readBucketSource(
  bucket: ObjectStore | null,
  key: string,
  limits: { maxBytes: number; timeoutMs: number },
): Promise<Uint8Array> {
  if (!bucket) {
    throw new ApiError(
      'bad_request',
      'bucketKey needs the server to name the import bucket (IMPORT_S3_BUCKET).',
    );
  }
  try {
    assertValidObjectKey(key);
  } catch (error) {
    if (error instanceof InvalidObjectKeyError)
      throw new ApiError('bad_request', `bucketKey: ${error.message}.`);
    throw error;
  }
  const object = await bucket.get(key);
  if (!object)
    throw new ApiError(
      'unprocessable_entity',
      `bucketKey ${JSON.stringify(key)} is not in the import bucket.`,
    );
  try {
    return await readObject(object, limits);
  } catch (error) {
    if (error instanceof ObjectTooLargeError) {
      throw new ApiError(
        'payload_too_large',
        `bucketKey's object is larger than ${Math.round(limits.maxBytes / 1024 / 1024)} MB.`,
      );
    }
    if (error instanceof StorageTimeoutError) {
      throw new ApiError(
        'unprocessable_entity',
        `bucketKey's object could not be read within ${limits.timeoutMs / 1000} s.`,
      );
    }
    throw error;
  }
}
