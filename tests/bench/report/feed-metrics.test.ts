import { describe, expect, it } from 'vitest';
import {
  median,
  accessLogWork,
  feedPageFigures,
  naiveWork,
  nextImageWork,
  perSeenCounters,
  type SessionRecord,
  type WireRequest,
} from './feed-metrics';

const request = (
  url: string,
  startedAt: number,
  endedAt: number | undefined,
  extra: Partial<WireRequest> = {},
) => ({
  url,
  startedAt,
  endedAt,
  fromCache: false,
  canceled: false,
  bytes: 10_000,
  ...extra,
});

// Five requests: two overlapping at the start, a browser-cache hit (not on the wire), two in the fling
// (one still open when the session ended: it counts as in flight until then).
const wire: WireRequest[] = [
  request('http://x/_next/image?url=a', 0, 100, { nextCache: 'MISS' }),
  request('http://x/_next/image?url=b', 50, 150, { nextCache: 'MISS' }),
  request('http://x/_next/image?url=a', 200, 210, { fromCache: true, bytes: 0 }),
  request('http://x/_next/image?url=a', 1_000, 1_100, { nextCache: 'HIT' }),
  request('http://x/_next/image?url=c', 1_050, undefined, { nextCache: 'MISS', bytes: 0 }),
];

const record: SessionRecord = {
  wire,
  seen: 8,
  pauses: [
    { visible: 6, unloaded: 0 },
    { visible: 6, unloaded: 3 },
    { visible: 8, unloaded: 1 },
  ],
  fling: { startedAt: 1_000, endedAt: 1_500 },
  maxImgInDom: 24,
  cls: 0.000_12,
  longTasks: 2,
  jsHeapBytes: 3_000_000,
};

describe('feedPageFigures', () => {
  it('turns a session into the report’s figures, cache hits left out', () => {
    expect(feedPageFigures(record, 64_000)).toEqual({
      requestsPerSeen: 0.5,
      bytesPerSeen: 3_750,
      unloadedAfterPause: 0.2,
      maxInflight: 2,
      maxImgInDom: 24,
      jsHeapBytes: 3_000_000,
      cls: 0.0001,
      longTasks: 2,
      flingRequests: 2,
      firstScreenHtmlBytes: 64_000,
    });
  });

  it('reads an empty session as nothing unloaded and nothing requested', () => {
    const empty = { ...record, wire: [], seen: 0, pauses: [] };
    expect(feedPageFigures(empty, 0)).toMatchObject({
      requestsPerSeen: 0,
      bytesPerSeen: 0,
      unloadedAfterPause: 0,
      maxInflight: 0,
      flingRequests: 0,
    });
  });
});

describe('server work', () => {
  it('counts Next’s MISS answers as reads and encodes, distinct URLs as unique transformations', () => {
    expect(nextImageWork(wire)).toEqual({
      originReads: 3,
      transforms: 3,
      uniqueTransformations: 3,
      made: ['http://x/_next/image?url=a', 'http://x/_next/image?url=b', 'http://x/_next/image?url=c'],
    });
  });

  it('counts every naive request on the wire as a read of an original', () => {
    expect(naiveWork(wire)).toEqual({ originReads: 4, transforms: 0, uniqueTransformations: 0, made: [] });
  });

  it('counts ours from the access log: a miss is a read and a transform, hits are the variant cache', () => {
    expect(
      accessLogWork([
        { pathname: '/i/w-640/g/a.jpg', status: 200, cache: 'miss' },
        { pathname: '/i/w-640/g/a.jpg', status: 200, cache: 'memory' },
        { pathname: '/i/w-1280/g/a.jpg', status: 200, cache: 'miss' },
        { pathname: '/i/w-640/g/b.jpg', status: 200, cache: 'disk' },
        { pathname: '/i/w-640/g/zz.jpg', status: 404, cache: null },
      ]),
    ).toEqual({
      originReads: 2,
      transforms: 2,
      uniqueTransformations: 2,
      made: ['/i/w-640/g/a.jpg', '/i/w-1280/g/a.jpg'],
    });
  });

  it('counts a stored read as the fill it stands for on the fly: one read, one transform at the edge', () => {
    expect(
      accessLogWork([
        { pathname: '/i/w-640/g/a.jpg', status: 200, cache: 'store' },
        { pathname: '/i/w-640/g/a.jpg', status: 200, cache: 'memory' },
        { pathname: '/i/w-640,q-85/g/a.jpg', status: 200, cache: 'miss' },
      ]),
    ).toEqual({
      originReads: 2,
      transforms: 2,
      uniqueTransformations: 2,
      made: ['/i/w-640/g/a.jpg', '/i/w-640,q-85/g/a.jpg'],
    });
  });

  it('on a warm cache counts only misses on variants made before; a first fill is not a repeat', () => {
    const made = new Set(['/i/w-640/g/a.jpg']);
    expect(
      accessLogWork(
        [
          { pathname: '/i/w-640/g/a.jpg', status: 200, cache: 'miss' },
          { pathname: '/i/w-640/g/new.jpg', status: 200, cache: 'miss' },
          { pathname: '/i/w-640/g/b.jpg', status: 200, cache: 'disk' },
        ],
        made,
      ),
    ).toEqual({
      originReads: 1,
      transforms: 1,
      uniqueTransformations: 1,
      made: ['/i/w-640/g/a.jpg', '/i/w-640/g/new.jpg'],
    });
    expect(nextImageWork(wire, new Set(['http://x/_next/image?url=c']))).toMatchObject({
      originReads: 1,
      transforms: 1,
      uniqueTransformations: 1,
    });
  });

  it('divides the work and the wire bytes by the cards seen', () => {
    expect(
      perSeenCounters(record, { originReads: 4, transforms: 2, uniqueTransformations: 1, made: [] }),
    ).toEqual({
      originReads: 0.5,
      writes: 0,
      uniqueTransformations: 0.125,
      bytesServed: 3_750,
      transformsPerformed: 0.25,
    });
  });
});

describe('median', () => {
  it.each([
    [[3], 3],
    [[720, 496, 610], 610],
    [[4, 1, 3, 2], 2.5],
    [[], Number.NaN],
  ])('%j → %d', (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});
