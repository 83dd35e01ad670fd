import { describeObjectStoreConformance } from '@/tests/support/object-store-conformance';
import { createS3ObjectStore } from './s3-object-store';
import { startS3rverTestServer } from '@/tests/support/s3rver-test-server';

describeObjectStoreConformance(
  's3 (s3rver)',
  async () => {
    const bucket = 'vitrine-test';
    const server = await startS3rverTestServer([bucket]);
    const store = createS3ObjectStore({
      bucket,
      endpoint: server.endpoint,
      region: 'us-east-1',
      accessKeyId: server.accessKeyId,
      secretAccessKey: server.secretAccessKey,
      forcePathStyle: true,
      // Small pages, so every listing test also walks continuation tokens.
      listPageSize: 3,
    });
    return { store, cleanup: () => server.stop() };
  },
  // Gaps of s3rver 3.7, not of the driver (S3, R2 and MinIO have none of them):
  {
    // It decodes x-amz-copy-source with decodeURI, which leaves %2B, %3F, %23, %26 and %3D encoded.
    uncopyableKeyCharacters: '+?#&=',
    // It lists in directory-walk order and pages with UTF-16 comparisons, so 'a/z' comes before
    // 'a.b', and a page ending in U+FF5E skips astral keys. Vitrine's flat keys never hit this.
    listsInUtf8ByteOrder: false,
    // It writes an object's bytes and its metadata as two files, so racing puts can mix them.
    atomicOverwrites: false,
  },
);
