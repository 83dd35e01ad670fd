import 'server-only';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  assertValidObjectKey,
  assertValidObjectKeyPrefix,
  assertValidPut,
  checkedCopy,
  DEFAULT_CONTENT_TYPE,
  type ListedObject,
  type ObjectInfo,
  ObjectNotFoundError,
  type ObjectStore,
  type PutOptions,
  type StoredObject,
} from './object-store';

/** The fields HeadObject and GetObject answer alike. */
function objectInfo(
  key: string,
  output: {
    ContentLength?: number;
    ContentType?: string;
    CacheControl?: string;
    ETag?: string;
    LastModified?: Date;
  },
): ObjectInfo {
  return {
    key,
    size: output.ContentLength ?? 0,
    contentType: output.ContentType || DEFAULT_CONTENT_TYPE,
    cacheControl: output.CacheControl || undefined,
    etag: bareEtag(output.ETag),
    lastModified: output.LastModified,
  };
}

export interface S3ObjectStoreConfig {
  bucket: string;
  /** e.g. https://<account>.r2.cloudflarestorage.com; unset for AWS S3. */
  endpoint?: string;
  /** 'auto' for R2. */
  region: string;
  /** Both or neither; neither falls back to the SDK's default chain (env, profile, instance role). */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** true for MinIO and s3rver; R2 and S3 accept either. */
  forcePathStyle: boolean;
  /** Keys per ListObjectsV2 page (1..1000). Only tests change it, to exercise pagination. */
  listPageSize?: number;
  /** Bounds on each request; the defaults below. Tests shorten them to fail fast. */
  timeouts?: { connectMs: number; requestMs: number };
}

/**
 * The SDK waits forever by default. A store that does not accept the connection in 3 s, or does not
 * finish a request in 15 s, is failing: the caller gets an error (→ 5xx no-store) and its slot back.
 * One retry, not the default two: a visitor's image is worth one quick second try, not a minute.
 */
export const defaultS3Timeouts = { connectMs: 3_000, requestMs: 15_000 };

interface S3ErrorShape {
  name?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
}

/** HEAD answers a bare 404 (name NotFound); GET and CopyObject answer NoSuchKey. */
function isNotFound(error: unknown): boolean {
  const shape = error as S3ErrorShape | undefined;
  const name = shape?.name ?? shape?.Code;
  if (name === 'NoSuchKey' || name === 'NotFound') return true;
  // A missing bucket is a misconfiguration, not a missing object: let it surface.
  return name !== 'NoSuchBucket' && shape?.$metadata?.httpStatusCode === 404;
}

/** S3 quotes ETags; the contract hands them out bare so both drivers agree. */
function bareEtag(etag: string | undefined): string | undefined {
  return etag?.replace(/^(W\/)?"|"$/g, '') || undefined;
}

/** CopySource is `bucket/key`, URL-encoded, with '/' kept as the separator. */
function copySource(bucket: string, key: string): string {
  return [bucket, ...key.split('/')].map(encodeURIComponent).join('/');
}

export function createS3ObjectStore(config: S3ObjectStoreConfig): ObjectStore {
  const { bucket, endpoint, region, accessKeyId, secretAccessKey, forcePathStyle } = config;
  if (!bucket) throw new Error('S3 object store: bucket is required');
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    throw new Error('S3 object store: set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither');
  }
  const listPageSize = config.listPageSize ?? 1000;
  if (!Number.isInteger(listPageSize) || listPageSize < 1 || listPageSize > 1000) {
    throw new Error('S3 object store: listPageSize must be an integer in 1..1000');
  }

  const timeouts = config.timeouts ?? defaultS3Timeouts;
  const client = new S3Client({
    region,
    maxAttempts: 2,
    requestHandler: {
      connectionTimeout: timeouts.connectMs,
      requestTimeout: timeouts.requestMs,
      throwOnRequestTimeout: true,
    },
    endpoint,
    forcePathStyle,
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    // Since SDK 3.729 every PUT carries a CRC32 checksum by default; several S3-compatible stores
    // reject or mishandle it. Checksums only where the API requires them keeps R2/MinIO/s3rver happy.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

  async function head(key: string): Promise<ObjectInfo | null> {
    assertValidObjectKey(key);
    try {
      const output = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return objectInfo(key, output);
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async function* listPages(prefix: string): AsyncGenerator<ListedObject> {
    let continuationToken: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: prefix === '' ? undefined : prefix,
          MaxKeys: listPageSize,
          ContinuationToken: continuationToken,
        }),
      );
      for (const item of page.Contents ?? []) {
        if (item.Key === undefined) continue;
        yield {
          key: item.Key,
          size: item.Size ?? 0,
          etag: bareEtag(item.ETag),
          lastModified: item.LastModified,
        };
      }
      // Some S3-compatible stores omit IsTruncated; a token alone means there is more.
      continuationToken = page.IsTruncated !== false ? page.NextContinuationToken : undefined;
    } while (continuationToken);
  }

  return {
    async put(key: string, body: Uint8Array, options: PutOptions): Promise<void> {
      assertValidPut(key, body, options);
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentLength: body.byteLength,
          ContentType: options.contentType,
          CacheControl: options.cacheControl || undefined,
        }),
      );
    },

    async get(key: string): Promise<StoredObject | null> {
      assertValidObjectKey(key);
      try {
        const output = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        if (!output.Body) throw new Error(`S3 returned no body for ${JSON.stringify(key)}`);
        return {
          ...objectInfo(key, output),
          body: output.Body.transformToWebStream() as ReadableStream<Uint8Array>,
        };
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    },

    head,

    async delete(key: string): Promise<void> {
      assertValidObjectKey(key);
      try {
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      } catch (error) {
        // S3 answers 204 for a missing key; some compatible stores answer 404.
        if (!isNotFound(error)) throw error;
      }
    },

    // S3 refuses a copy onto itself that changes nothing; checkedCopy makes it the contract's no-op.
    copy: checkedCopy(head, async (fromKey, toKey) => {
      try {
        await client.send(
          new CopyObjectCommand({
            Bucket: bucket,
            Key: toKey,
            CopySource: copySource(bucket, fromKey),
            MetadataDirective: 'COPY',
          }),
        );
      } catch (error) {
        if (isNotFound(error)) throw new ObjectNotFoundError(fromKey);
        throw error;
      }
    }),

    list(prefix: string): AsyncIterable<ListedObject> {
      assertValidObjectKeyPrefix(prefix);
      return listPages(prefix);
    },
  };
}
