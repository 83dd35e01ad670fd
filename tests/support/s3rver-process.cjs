'use strict';
// Child process for s3rver-test-server.ts. It runs under --openssl-legacy-provider because
// s3rver 3.7 encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 keeps only in
// its legacy provider: in a plain Node 17+ process every truncated listing is a 500.
// Usage: node --openssl-legacy-provider s3rver-process.cjs <directory> <bucket>...
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { Readable, Transform } = require('node:stream');
const { pipeline } = require('node:stream/promises');
const S3rver = require('s3rver');
const FilesystemStore = require('s3rver/lib/stores/filesystem');

// s3rver 3.7 answers a PUT once its hashing stream has finished, before the file stream has
// flushed, so a GET right after (on a busy machine) can read an empty file. S3, R2 and MinIO answer
// only once the object is stored: this puts s3rver's own steps in that order.
FilesystemStore.prototype.putObject = async function putObject(object) {
  const objectPath = this.getResourcePath(object.bucket, object.key, 'object');
  await fs.promises.mkdir(path.dirname(objectPath), { recursive: true });
  const md5Context = crypto.createHash('md5');
  let size = 0;
  const measure = new Transform({
    transform(chunk, encoding, callback) {
      md5Context.update(chunk, encoding);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  const source = Buffer.isBuffer(object.content) ? Readable.from([object.content]) : object.content;
  await pipeline(source, measure, fs.createWriteStream(objectPath));
  const md5 = md5Context.digest('hex');
  await this.putMetadata(object.bucket, object.key, object.metadata, md5);
  return { size, md5 };
};

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
