/**
 * The object store contract shared by the filesystem driver (embedded default) and the S3 driver
 * (R2, S3, MinIO). Pure types and key validation: no Node APIs, so anything may import it.
 * See docs/storage.md.
 */

/** What an object without a recorded content type is served as (S3's own default). */
export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

export interface PutOptions {
  contentType: string;
  cacheControl?: string;
}

/**
 * What a listing returns. S3's ListObjectsV2 carries no content type or cache control, and a HEAD
 * per key would multiply bucket operations, so a listing promises only these fields.
 */
export interface ListedObject {
  key: string;
  size: number;
  /** Opaque; changes when the bytes change (MD5 hex for single-part uploads, without quotes). */
  etag?: string;
  lastModified?: Date;
}

export interface ObjectInfo extends ListedObject {
  contentType: string;
  cacheControl?: string;
}

export interface StoredObject extends ObjectInfo {
  /** Must be consumed or cancelled: an abandoned stream holds a file handle or a socket. */
  body: ReadableStream<Uint8Array>;
}

export interface ObjectStore {
  /** Creates or replaces the object; readers see the old object or the new one, never a mix. */
  put(key: string, body: Uint8Array, options: PutOptions): Promise<void>;
  /** null when missing. */
  get(key: string): Promise<StoredObject | null>;
  /** null when missing. */
  head(key: string): Promise<ObjectInfo | null>;
  /** Idempotent: deleting a missing object is not an error. */
  delete(key: string): Promise<void>;
  /** Keeps contentType and cacheControl. Rejects with ObjectNotFoundError when the source is missing. */
  copy(fromKey: string, toKey: string): Promise<void>;
  /** Every object whose key starts with `prefix`, in key order (UTF-8 byte order, as S3 lists). */
  list(prefix: string): AsyncIterable<ListedObject>;
}

export class ObjectNotFoundError extends Error {
  readonly key: string;

  constructor(key: string) {
    super(`Object not found: ${JSON.stringify(key)}`);
    this.name = 'ObjectNotFoundError';
    this.key = key;
  }
}

/** The store itself cannot be reached (its folder is gone, the endpoint is down): an outage. */
export class StoreUnavailableError extends Error {
  constructor(where: string) {
    super(`The object store at ${where} is unavailable`);
    this.name = 'StoreUnavailableError';
  }
}

export class InvalidObjectKeyError extends Error {
  constructor(key: unknown, reason: string) {
    const shown =
      typeof key === 'string' ? JSON.stringify(key.length > 80 ? `${key.slice(0, 80)}…` : key) : typeof key;
    super(`Invalid object key ${shown}: ${reason}`);
    this.name = 'InvalidObjectKeyError';
  }
}

export const MAX_OBJECT_KEY_BYTES = 512;

/** C0 controls (NUL included) and DEL; with `strict`, also C1 controls and lone surrogates. */
function hasControlCharacter(value: string, strict: boolean): boolean {
  for (const character of value) {
    const code = character.codePointAt(0)!;
    if (code < 0x20 || code === 0x7f) return true;
    // A lone surrogate has no UTF-8 form: it would be silently replaced on the way to the bucket or disk.
    if (strict && ((code >= 0x80 && code <= 0x9f) || (code >= 0xd800 && code <= 0xdfff))) return true;
  }
  return false;
}

const utf8 = new TextEncoder();

function utf8Length(value: string): number {
  return utf8.encode(value).byteLength;
}

function segmentProblem(segment: string): string | undefined {
  if (segment === '') return "has an empty segment (leading, trailing or doubled '/')";
  if (segment === '.' || segment === '..') return `has a '${segment}' segment`;
  return undefined;
}

function characterProblem(value: string): string | undefined {
  if (value.includes('\\')) return "contains a backslash (use '/' as the separator)";
  if (hasControlCharacter(value, true)) return 'contains a control character or an unpaired surrogate';
  return undefined;
}

/**
 * Keys are relative, '/'-separated paths such as `drafts/<sha256>.jpg` or `g/<sha256>.webp`. The
 * rules are strict enough that a key maps to a path inside the fs driver's root (POSIX filesystems)
 * and means the same thing in a bucket.
 */
export function assertValidObjectKey(key: string): void {
  if (typeof key !== 'string') throw new InvalidObjectKeyError(key, 'must be a string');
  if (key === '') throw new InvalidObjectKeyError(key, 'is empty');
  const characters = characterProblem(key);
  if (characters) throw new InvalidObjectKeyError(key, characters);
  if (utf8Length(key) > MAX_OBJECT_KEY_BYTES) {
    throw new InvalidObjectKeyError(key, `is longer than ${MAX_OBJECT_KEY_BYTES} bytes (UTF-8)`);
  }
  if (key.startsWith('/')) throw new InvalidObjectKeyError(key, "must be relative (no leading '/')");
  for (const segment of key.split('/')) {
    const problem = segmentProblem(segment);
    if (problem) throw new InvalidObjectKeyError(key, problem);
  }
}

/**
 * A listing prefix may end anywhere ('', 'g/', 'drafts/ab'), but everything up to its last '/' must
 * be made of valid key segments, so a prefix can never point the fs driver outside its root.
 */
export function assertValidObjectKeyPrefix(prefix: string): void {
  if (typeof prefix !== 'string') throw new InvalidObjectKeyError(prefix, 'prefix must be a string');
  if (prefix === '') return;
  const characters = characterProblem(prefix);
  if (characters) throw new InvalidObjectKeyError(prefix, `prefix ${characters}`);
  if (utf8Length(prefix) > MAX_OBJECT_KEY_BYTES) {
    throw new InvalidObjectKeyError(prefix, `prefix is longer than ${MAX_OBJECT_KEY_BYTES} bytes (UTF-8)`);
  }
  const segments = prefix.split('/');
  segments.pop();
  for (const segment of segments) {
    const problem = segmentProblem(segment);
    if (problem) throw new InvalidObjectKeyError(prefix, `prefix ${problem}`);
  }
}

/**
 * Sorts keys the way S3 lists them: by UTF-8 bytes, which is code point order. Plain `<` compares
 * UTF-16 code units and puts astral characters before U+E000..U+FFFF.
 */
export function compareObjectKeys(a: string, b: string): number {
  const left = utf8.encode(a);
  const right = utf8.encode(b);
  const length = Math.min(left.length, right.length);
  for (let i = 0; i < length; i++) {
    const difference = left[i]! - right[i]!;
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}

/**
 * Both values travel as HTTP headers in the S3 driver and back out of the /i/ route, so a line
 * break or other control character would be header injection rather than metadata.
 */
export function assertValidPutOptions(options: PutOptions): void {
  const { contentType, cacheControl } = options ?? {};
  if (
    typeof contentType !== 'string' ||
    contentType.trim() === '' ||
    hasControlCharacter(contentType, false)
  ) {
    throw new TypeError(`Invalid contentType ${JSON.stringify(contentType)}`);
  }
  if (
    cacheControl !== undefined &&
    (typeof cacheControl !== 'string' || hasControlCharacter(cacheControl, false))
  ) {
    throw new TypeError(`Invalid cacheControl ${JSON.stringify(cacheControl)}`);
  }
}

/** What put() checks before any driver work, the same in every driver: the key, the options, the body. */
export function assertValidPut(key: string, body: Uint8Array, options: PutOptions): void {
  assertValidObjectKey(key);
  assertValidPutOptions(options);
  if (!(body instanceof Uint8Array)) throw new TypeError('body must be a Uint8Array');
}

/**
 * A driver's `copy` with the contract's pre-checks in front, so every driver decides them alike:
 * both keys are valid (InvalidObjectKeyError, before anything is read), and a copy onto itself is a
 * no-op (S3 itself refuses one) that still needs the source (ObjectNotFoundError). The driver's
 * `copyDistinct` only ever sees two valid, different keys.
 */
export function checkedCopy(
  head: (key: string) => Promise<ObjectInfo | null>,
  copyDistinct: (fromKey: string, toKey: string) => Promise<void>,
): ObjectStore['copy'] {
  return async (fromKey, toKey) => {
    assertValidObjectKey(fromKey);
    assertValidObjectKey(toKey);
    if (fromKey !== toKey) return copyDistinct(fromKey, toKey);
    if (!(await head(fromKey))) throw new ObjectNotFoundError(fromKey);
  };
}
