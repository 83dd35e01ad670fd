import { describe, expect, it } from 'vitest';
import { bucketSessionCost, parseBucketLog } from './bucket-log';

const line = (method: string, key: string, status = 200, bytes = 1_000) =>
  JSON.stringify({ method, bucket: 'vitrine-public', key, status, bytes });

describe('parseBucketLog', () => {
  it('reads one JSON object a line, skipping blank lines', () => {
    expect(
      parseBucketLog(`${line('GET', 'v/g/a.jpg/w-640,q-75.avif')}\n\n${line('PUT', 'g/a.jpg', 200, 0)}\n`),
    ).toEqual([
      {
        method: 'GET',
        bucket: 'vitrine-public',
        key: 'v/g/a.jpg/w-640,q-75.avif',
        status: 200,
        bytes: 1_000,
      },
      { method: 'PUT', bucket: 'vitrine-public', key: 'g/a.jpg', status: 200, bytes: 0 },
    ]);
  });

  it.each([
    ['not json', 'bucket access log line 1 is not JSON: not json'],
    [
      '{"method":"GET","bucket":"b","key":"k","status":200}',
      'line 1 lacks method, bucket, key, status or bytes',
    ],
  ])('refuses %s', (text, message) => {
    expect(() => parseBucketLog(text)).toThrow(message);
  });
});

describe('bucketSessionCost', () => {
  it('counts GET and HEAD of objects as reads, split by prefix, per seen image; writes are not reads, listings apart', () => {
    const lines = parseBucketLog(
      [
        line('GET', 'v/g/a.jpg/w-640,q-75.avif', 200, 20_000),
        line('GET', 'v/g/b.jpg/w-640,q-75.avif', 200, 30_000),
        line('HEAD', 'v/g/c.jpg/w-640,q-75.avif', 404, 0),
        line('GET', 'g/c.jpg', 200, 2_000_000),
        line('GET', 'feed-head.json', 304, 0),
        line('PUT', 'v/g/c.jpg/w-640,q-75.avif', 200, 0),
        line('GET', '', 200, 32_000),
      ].join('\n'),
    );
    expect(bucketSessionCost(lines, 4)).toEqual({
      bucketReadsPerSeen: 1.25,
      bucketBytesPerSeen: 512_500,
      storedReads: 3,
      originalReads: 1,
      otherReads: 1,
      failedReads: 1,
      listings: 1,
      seen: 4,
    });
  });

  it('gives 0 for a session the browser answered entirely, and refuses one that saw nothing', () => {
    expect(bucketSessionCost([], 30)).toMatchObject({
      bucketReadsPerSeen: 0,
      bucketBytesPerSeen: 0,
      seen: 30,
    });
    expect(() => bucketSessionCost([], 0)).toThrow('positive count of seen images, got 0');
  });
});
