import type { EdgeLayoutSession } from './report-types';

/**
 * The bucket server's own access log (`BUCKET_ACCESS_LOG`, `npm run start:edge`): one JSON line per
 * request, `{ "method", "bucket", "key", "status", "bytes" }`. What a feed session cost at the bucket
 * is counted from it, not from the browser or the Worker, so a cache anywhere in between shows as
 * reads that did not happen. Pure: the bench passes the lines written during one session.
 */
export interface BucketLogLine {
  readonly method: string;
  readonly bucket: string;
  readonly key: string;
  readonly status: number;
  readonly bytes: number;
}

/** Every line of the log's text; a line that is not such an object is an error (the log is ours). */
export function parseBucketLog(text: string): BucketLogLine[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new Error(`bucket access log line ${index + 1} is not JSON: ${line.slice(0, 120)}`);
      }
      const entry = value as Partial<BucketLogLine>;
      if (
        typeof entry.method !== 'string' ||
        typeof entry.bucket !== 'string' ||
        typeof entry.key !== 'string' ||
        typeof entry.status !== 'number' ||
        typeof entry.bytes !== 'number'
      ) {
        throw new Error(
          `bucket access log line ${index + 1} lacks method, bucket, key, status or bytes: ${line.slice(0, 120)}`,
        );
      }
      return {
        method: entry.method,
        bucket: entry.bucket,
        key: entry.key,
        status: entry.status,
        bytes: entry.bytes,
      };
    });
}

/**
 * A read is what R2 bills as Class B: GET and HEAD of an object, whatever the answer. A GET of the
 * bucket itself (empty key) is a listing (ListObjects, Class A): the app's background sweeps, no visitor's.
 */
const isRead = (line: BucketLogLine) => (line.method === 'GET' || line.method === 'HEAD') && line.key !== '';
const isListing = (line: BucketLogLine) => line.method === 'GET' && line.key === '';
const succeeded = (status: number) => status === 200 || status === 206 || status === 304;
const round = (value: number, digits: number) => Number(value.toFixed(digits));

/**
 * One session's reads, split by what they read: stored display variants (`v/…`), originals (`g/…`),
 * anything else; and per seen image. Writes are left out; listings are counted apart.
 */
export function bucketSessionCost(lines: readonly BucketLogLine[], seen: number): EdgeLayoutSession {
  if (!(seen > 0)) throw new Error(`bucketSessionCost needs a positive count of seen images, got ${seen}`);
  const reads = lines.filter(isRead);
  const bytes = reads.reduce((sum, line) => sum + line.bytes, 0);
  return {
    bucketReadsPerSeen: round(reads.length / seen, 3),
    bucketBytesPerSeen: Math.round(bytes / seen),
    storedReads: reads.filter((line) => line.key.startsWith('v/')).length,
    originalReads: reads.filter((line) => line.key.startsWith('g/')).length,
    otherReads: reads.filter((line) => !line.key.startsWith('v/') && !line.key.startsWith('g/')).length,
    failedReads: reads.filter((line) => !succeeded(line.status)).length,
    listings: lines.filter(isListing).length,
    seen,
  };
}
