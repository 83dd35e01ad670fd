import { isUnderPublishedPrefix } from '../images/storage-keys';
import { type NormalizedTransform, normalizeTransform } from './normalize';

export const maxStoragePathLength = 512;
export const maxTransformSegmentLength = 256;

export const parseFailureReasons = [
  'not-an-image-path',
  'missing-storage-path',
  'transforms-too-long',
  'storage-path-too-long',
  'forbidden-character',
  'bad-segment',
  'not-published',
] as const;
export type ParseFailureReason = (typeof parseFailureReasons)[number];

export type ParsedImagePath =
  | { ok: true; transform: NormalizedTransform; storagePath: string }
  | { ok: false; status: 404; reason: ParseFailureReason };

// Storage keys are `g/<sha256>.<ext>`: nothing legitimate needs more than this. Excluding '%' rejects
// every encoded form (%2e%2e, %2f, %5c, %252e, %c0%ae, ...) without having to decode and re-check;
// excluding '\' and everything outside ASCII rejects backslash tricks, NUL, control characters and
// Unicode look-alikes.
const storagePathCharacters = /^[A-Za-z0-9._~\-/]+$/;

function fail(reason: ParseFailureReason): ParsedImagePath {
  return { ok: false, status: 404, reason };
}

/**
 * Parses `/i/{transforms}/{storagePath}`, or the same without the leading `/i/`
 * (`{transforms}/{storagePath}`, as a route that already matched `/i/` may hold it). Pass the raw,
 * still percent-encoded pathname (`new URL(request.url).pathname`), never router params, which are
 * decoded. Anything from a `?` or `#` on is dropped: the query string is never part of a variant.
 *
 * The storage path is accepted only if it is already canonical — under `g/`, only [A-Za-z0-9._~-] in
 * segments, no empty segment, no segment starting or ending with '.', no '..' anywhere, at most 512
 * characters — and is returned exactly as given. Transform problems are never failures (see
 * normalizeTransform), except a transform segment longer than 256 characters, which no URL of ours has.
 */
export function parseImagePath(pathname: string): ParsedImagePath {
  const end = pathname.search(/[?#]/);
  const path = end === -1 ? pathname : pathname.slice(0, end);
  if (path.length > 3 + maxTransformSegmentLength + 1 + maxStoragePathLength) {
    return fail('storage-path-too-long');
  }

  let rest: string;
  if (path.startsWith('/i/')) rest = path.slice(3);
  else if (path.startsWith('/')) return fail('not-an-image-path');
  else rest = path;

  const slash = rest.indexOf('/');
  if (slash === -1) return fail('missing-storage-path');
  const transformSegment = rest.slice(0, slash);
  const storagePath = rest.slice(slash + 1);

  if (transformSegment.length > maxTransformSegmentLength) return fail('transforms-too-long');
  const problem = publishedPathProblem(storagePath);
  if (problem) return fail(problem);

  return { ok: true, transform: normalizeTransform(decodeTransformSegment(transformSegment)), storagePath };
}

/**
 * Why a raw (still percent-encoded) storage path is not a canonical published path, or null when it
 * is one. Shared by `/i/` and by the app's `/o/` route for originals, so both refuse the same paths.
 */
export function publishedPathProblem(storagePath: string): ParseFailureReason | null {
  if (storagePath.length === 0) return 'missing-storage-path';
  if (storagePath.length > maxStoragePathLength) return 'storage-path-too-long';
  if (!storagePathCharacters.test(storagePath)) return 'forbidden-character';
  if (storagePath.split('/').some(isBadSegment)) return 'bad-segment';
  if (!isUnderPublishedPrefix(storagePath)) return 'not-published';
  return null;
}

/**
 * Empty, `.`/`..`, dot-leading (hidden files) and dot-trailing segments (Windows drops trailing dots,
 * so `a.` would alias `a` on a filesystem store), and any `..` at all: content-addressed keys never
 * contain one, and refusing it outright keeps every later check simple.
 */
function isBadSegment(segment: string): boolean {
  return segment === '' || segment.startsWith('.') || segment.endsWith('.') || segment.includes('..');
}

/**
 * Transforms are decoded once so that `w-640%2Cq-80` means `w-640,q-80`; that is harmless because
 * the result only feeds the normalizer, whose output is a finite set. Undecodable input stays as is
 * and its tokens are simply ignored.
 */
function decodeTransformSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
