import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { ApiError } from '../api/errors';

/**
 * Opaque feed cursors: base64url(payload) + "." + base64url(HMAC-SHA256(payload)[0..16]).
 * The payload carries the exact Postgres timestamp (microseconds, as an ISO string) and the id of
 * the row the page ended on, so the keyset continues exactly where it stopped, and a digest of the
 * filter it was issued for (lib/feed/feed-filter.ts): a cursor continues that walk and no other. The
 * HMAC makes a tampered or foreign cursor a 400 instead of an arbitrary query.
 */
export interface FeedPosition {
  /** ISO-8601 UTC with microseconds, e.g. 2026-05-01T12:00:00.123456Z */
  publishedAt: string;
  id: string;
}

/** A client error by nature: the error contract answers it with 400 wherever it is thrown. */
export class InvalidCursorError extends ApiError {
  constructor(reason: string) {
    super('bad_request', `Invalid cursor: ${reason}`);
    this.name = 'InvalidCursorError';
  }
}

/** A valid cursor of another search: 400 with a code of its own, so a client knows to start over. */
export class CursorFilterMismatchError extends ApiError {
  constructor() {
    super(
      'cursor_filter_mismatch',
      'This cursor belongs to another search; start again from the first page.',
    );
    this.name = 'CursorFilterMismatchError';
  }
}

const CURSOR_KIND = 'feed.v2';
const MAC_BYTES = 16;
/** A real cursor is ~110 characters; anything much longer is not one, and is not decoded. */
export const MAX_CURSOR_LENGTH = 256;
/** Exactly base64url payload '.' base64url MAC: Buffer's decoder would skip junk characters silently. */
const cursorShape = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/;

const positionSchema = z.object({
  publishedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
  id: z.uuid(),
});

function mac(payload: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest().subarray(0, MAC_BYTES);
}

/** 12 base64url characters naming the filter (`filterKey`); '' (the unfiltered feed) stays ''. */
function filterDigest(filterKey: string): string {
  return filterKey === '' ? '' : createHash('sha256').update(filterKey).digest('base64url').slice(0, 12);
}

export function encodeCursor(position: FeedPosition, secret: string, filterKey = ''): string {
  const text = `${CURSOR_KIND}|${position.publishedAt}|${position.id}|${filterDigest(filterKey)}`;
  const payload = Buffer.from(text).toString('base64url');
  return `${payload}.${mac(payload, secret).toString('base64url')}`;
}

/** The position a cursor of the walk over `filterKey` (default: the unfiltered feed) points at. */
export function decodeCursor(cursor: string, secret: string, filterKey = ''): FeedPosition {
  if (cursor.length > MAX_CURSOR_LENGTH) throw new InvalidCursorError('too long');
  if (!cursorShape.test(cursor)) throw new InvalidCursorError('malformed');
  const [payload = '', signature = ''] = cursor.split('.');
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(payload, secret);
  // The last character carries 4 unused bits: only the one spelling the server issued is accepted.
  const canonical = given.toString('base64url') === signature;
  if (!canonical || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new InvalidCursorError('signature does not match');
  }
  const [kind, publishedAt, id, digest, ...rest] = Buffer.from(payload, 'base64url')
    .toString('utf8')
    .split('|');
  if (kind !== CURSOR_KIND || digest === undefined || rest.length > 0) {
    throw new InvalidCursorError('not a feed cursor');
  }
  const parsed = positionSchema.safeParse({ publishedAt, id });
  if (!parsed.success) throw new InvalidCursorError('bad position');
  if (digest !== filterDigest(filterKey)) throw new CursorFilterMismatchError();
  return parsed.data;
}
