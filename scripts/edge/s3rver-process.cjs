'use strict';
// The S3-protocol bucket server of `npm run start:edge` (scripts/edge/bucket-server.ts) and of the
// tests (tests/support/s3rver-test-server.ts): s3rver in a process of its own, which prints
// `{"port":N}` on its first line once it listens and stops when its stdin closes (the parent's exit
// closes it too: no orphan server).
// Usage: node --openssl-legacy-provider s3rver-process.cjs '<json config>'
//   { "directory": string, "buckets": string[], "port"?: number (0: any free one),
//     "publicBucket"?: string, "accessLog"?: string }
// --openssl-legacy-provider: s3rver 3.7 encrypts ListObjectsV2 continuation tokens with DES, which
// OpenSSL 3 keeps only in its legacy provider: in a plain Node 17+ process every truncated listing
// is a 500.
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

/** Path-style only: `/<bucket>/<key>`; '' for requests about no bucket (ListBuckets). */
function bucketAndKey(pathname) {
  const [, bucket = '', ...key] = pathname.split('/');
  const decode = (part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  };
  return { bucket: decode(bucket), key: decode(key.join('/')) };
}

const signed = (ctx) =>
  Boolean(ctx.get('authorization')) || 'X-Amz-Signature' in ctx.query || 'Signature' in ctx.query;

/**
 * Runs before all of s3rver's own middleware. s3rver answers unsigned requests to any bucket; a
 * deployment answers them only for the public bucket's objects (R2's custom domain, S3's public
 * read policy), so with `publicBucket` set an unsigned request is refused unless it reads that
 * bucket. With `accessLog` set, every answer appends one line, once its body has been sent (or the
 * client went away): what a session cost at the bucket, counted where the bucket sees it, with who
 * asked (`reader`: the app signs, the Worker reads anonymously).
 */
function frontMiddleware({ publicBucket, accessLog }) {
  return async function front(ctx, next) {
    const { bucket, key } = bucketAndKey(ctx.path);
    if (accessLog) {
      let bytes = 0;
      const { res } = ctx;
      const count = (chunk, encoding) => {
        if (chunk && typeof chunk !== 'function') {
          bytes +=
            Buffer.isBuffer(chunk) || chunk instanceof Uint8Array
              ? chunk.length
              : Buffer.byteLength(chunk, typeof encoding === 'string' ? encoding : 'utf8');
        }
      };
      const write = res.write.bind(res);
      const end = res.end.bind(res);
      res.write = (chunk, encoding, callback) => {
        count(chunk, encoding);
        return write(chunk, encoding, callback);
      };
      res.end = (chunk, encoding, callback) => {
        count(chunk, encoding);
        return end(chunk, encoding, callback);
      };
      let logged = false;
      const log = () => {
        if (logged) return;
        logged = true;
        // Who asked: the app signs every request with its keys; the image Worker reads the public
        // bucket anonymously, as through R2's public domain (the only anonymous reader of the layout).
        const reader = signed(ctx) ? 'app' : 'worker';
        const line = { method: ctx.method, bucket, key, status: res.statusCode, bytes, reader };
        fs.appendFileSync(accessLog, `${JSON.stringify(line)}\n`);
      };
      res.once('finish', log);
      res.once('close', log);
    }
    if (
      publicBucket &&
      !signed(ctx) &&
      !(bucket === publicBucket && key && ['GET', 'HEAD'].includes(ctx.method))
    ) {
      ctx.status = 403;
      ctx.type = 'application/xml';
      ctx.body =
        '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Anonymous access is allowed to the public bucket\'s objects only</Message></Error>';
      return;
    }
    await next();
  };
}

const config = JSON.parse(process.argv[2] ?? '{}');
const server = new S3rver({
  address: '127.0.0.1',
  port: config.port ?? 0,
  silent: true,
  directory: config.directory,
  configureBuckets: config.buckets.map((name) => ({ name })),
});
// Koa composes its middleware when the server starts listening: first in the list runs first.
server.middleware.unshift(frontMiddleware(config));

server.run().then(
  ({ port }) => process.stdout.write(`${JSON.stringify({ port })}\n`),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);

process.stdin.on('end', () => {
  server.close().finally(() => process.exit(0));
});
process.stdin.resume();
