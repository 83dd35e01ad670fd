import { displaySet } from '@/lib/image-guard/display-set';
import { isEmittedTransform } from '@/lib/image-guard/display-set';
import { parseImagePath } from '@/lib/image-guard/parse-path';
import { ladderWidthsFor } from '@/lib/images/ladder';
import type { DisplaySetCoverage } from './report-types';

/**
 * Whether the `/i/` URLs the feed's sessions asked for are members of their sources' display sets
 * (lib/image-guard/display-set.ts): with the set stored at publish, a member is a read of a stored
 * object and anything else is a transformation. Pure: the bench passes the access log's pathnames and
 * the feed's cards.
 */

/** A card of the feed: where its source is stored and how wide it is. */
export interface CardSource {
  readonly storagePath: string;
  readonly width: number;
}

/** Whether one `/i/` pathname names a member of its source's set; false for a source not in the feed. */
export function isDisplaySetMember(pathname: string, widths: ReadonlyMap<string, number>): boolean {
  const parsed = parseImagePath(pathname);
  if (!parsed.ok) return false;
  const width = widths.get(parsed.storagePath);
  if (width === undefined || !isEmittedTransform(parsed.transform)) return false;
  return ladderWidthsFor(width).includes(parsed.transform.width);
}

export interface CoverageInput {
  readonly cards: readonly CardSource[];
  /** Every `/i/` pathname the sessions asked for (repeats allowed). */
  readonly requested: readonly string[];
  /** The misses of the cold and warm sessions (each a transformation on the fly), and the cards each saw. */
  readonly misses: { readonly cold: readonly string[]; readonly warm: readonly string[] };
  readonly seen: { readonly cold: number; readonly warm: number };
}

export interface Coverage extends Required<DisplaySetCoverage> {
  /** The distinct requested URLs outside every set, for the report to name. */
  readonly outside: readonly string[];
}

const perSeen = (count: number, seen: number) => (seen > 0 ? Number((count / seen).toFixed(4)) : 0);

export function displaySetCoverage(input: CoverageInput): Coverage {
  const widths = new Map(input.cards.map((card) => [card.storagePath, card.width]));
  const distinct = [...new Set(input.requested)];
  const outside = distinct.filter((pathname) => !isDisplaySetMember(pathname, widths));
  const outsideMisses = (misses: readonly string[]) =>
    misses.filter((pathname) => !isDisplaySetMember(pathname, widths)).length;
  return {
    emittedUrls: distinct.length,
    emittedOutsideSet: outside.length,
    outsideSetPerSeen: perSeen(outsideMisses(input.misses.cold), input.seen.cold),
    outsideSetPerSeenWarm: perSeen(outsideMisses(input.misses.warm), input.seen.warm),
    outside,
  };
}

/** Mean members of a display set over the feed's cards (rungs each fills × three formats). */
export function meanDisplaySetMembers(cards: readonly CardSource[]): number {
  if (cards.length === 0) throw new Error('meanDisplaySetMembers needs at least one card');
  const members = cards.reduce((sum, card) => sum + displaySet(card.storagePath, card.width).length, 0);
  return members / cards.length;
}
