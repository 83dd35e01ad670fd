/**
 * The studio list's keyset position: where the last row of a page was, `(created_at, id)`, as an
 * opaque base64url string. Not signed: it is a curator's own position in a list they may read whole,
 * and it is parsed strictly (a timestamp with microseconds and a UUID, nothing else), so a tampered
 * one is a 400, never a query.
 */
export interface StudioPosition {
  /** ISO-8601 UTC with microseconds, as Postgres prints it. */
  createdAt: string;
  id: string;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeStudioCursor(position: StudioPosition): string {
  return Buffer.from(`${position.createdAt}|${position.id}`).toString('base64url');
}

/** The position a cursor names; null for anything that is not one this list issued. */
export function decodeStudioCursor(cursor: string): StudioPosition | null {
  if (!/^[A-Za-z0-9_-]{1,120}$/.test(cursor)) return null;
  const [createdAt, id, ...rest] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (rest.length > 0 || !createdAt || !id || !TIMESTAMP.test(createdAt) || !UUID.test(id)) return null;
  return { createdAt, id };
}
