'use strict';
// Child process for s3rver-test-server.ts. It runs under --openssl-legacy-provider because
// s3rver 3.7 encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 keeps only in
// its legacy provider: in a plain Node 17+ process every truncated listing is a 500.
// Usage: node --openssl-legacy-provider s3rver-process.cjs <directory> <bucket>...
const S3rver = require('s3rver');

const [directory, ...buckets] = process.argv.slice(2);
const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory,
  configureBuckets: buckets.map((name) => ({ name })),
});

server.run().then(
  ({ port }) => process.stdout.write(`${JSON.stringify({ port })}\n`),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);

// The parent stops us by closing stdin, which also happens if the parent dies: no orphan server.
process.stdin.on('end', () => {
  server.close().finally(() => process.exit(0));
});
process.stdin.resume();
