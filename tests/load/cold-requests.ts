/**
 * Requests for variants nobody has asked for yet: every combination of width, quality, aspect ratio
 * and output format the /i/ contract allows, over every source, each at most once until they run
 * out. Neighbouring requests differ in source and in transform, as a crawler or a burst of new
 * visitors on a cold cache would, so no single-flight or cache can merge them.
 */
import { aspectRatioNames, type OutputFormat, qualitySteps, widthLadder } from '@/lib/images/ladder';
import { formatTransform } from '@/lib/images/transforms';
import type { LoadRequest } from './load-runner';

/** An Accept header that makes the guard negotiate exactly this format. */
const acceptFor = {
  avif: 'image/avif,image/webp,*/*;q=0.8',
  webp: 'image/webp,*/*;q=0.8',
  jpeg: 'image/jpeg',
} as const satisfies Partial<Record<OutputFormat, string>>;
const formats = Object.keys(acceptFor) as (keyof typeof acceptFor)[];

/**
 * Every transform spells a ratio: the app's own URLs (and the warm phase's) never do, so none of these
 * can be a variant that phase already made.
 */
const transforms = aspectRatioNames.flatMap((ratio) =>
  widthLadder.flatMap((width) =>
    qualitySteps.flatMap((quality) =>
      formats.map((format) => ({ path: formatTransform({ width, quality, ratio }), format })),
    ),
  ),
);

/** A fixed shuffle (a small LCG), so runs are comparable and consecutive indices spread out. */
function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  let seed = 0x2545f491;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export interface ColdRequests {
  next: () => LoadRequest;
  /** Distinct variants available before the sequence would repeat itself. */
  capacity: number;
  issued: () => number;
}

/**
 * Request i goes to source i mod S with transform (⌊i/S⌋ + i mod S) mod T of a shuffled list: for a
 * fixed source the transform index runs through all T values, so the first S × T requests are all
 * distinct variants. Past that it starts over (reported: `issued() > capacity`).
 */
export function coldRequests(base: string, sources: readonly string[]): ColdRequests {
  if (sources.length === 0) throw new Error('No sources to request variants of');
  const order = shuffled(transforms);
  let index = 0;
  return {
    capacity: sources.length * order.length,
    issued: () => index,
    next() {
      const i = index++;
      const sourceIndex = i % sources.length;
      const transform = order[(Math.floor(i / sources.length) + sourceIndex) % order.length]!;
      return {
        url: `${base}/i/${transform.path}/${sources[sourceIndex]}`,
        headers: { accept: acceptFor[transform.format] },
      };
    },
  };
}
