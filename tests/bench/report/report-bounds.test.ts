import { describe, expect, it } from 'vitest';
import { boundText, bounds, evaluateBound, evaluateBounds } from './report-bounds';
import { fixtureReport, partialReport } from './report-fixture';

describe('bounds (issue 11, "Must show"; issue 17, "Done when")', () => {
  it('are the eight of issue 11, the seven of issue 17 and the four of issue 32, with their thresholds', () => {
    expect(bounds.map((bound) => [bound.measure, boundText(bound)])).toEqual([
      ['image requests on the wire at once', '≤ 4'],
      ['visible unloaded 1 s after a pause', '≤ 10 %'],
      ['requests started by a fling', '≤ 12'],
      ['CLS over the session', '≤ 0.01'],
      ['bytes per seen image', '≤ 1.1× Next'],
      ['warm /i/ throughput', '≥ 1.2× Next'],
      ['cold AVIF transform p50', '≤ 0.7× Next'],
      ['feed page deep ÷ first', '≤ 1.5'],
      ['a month, stored ÷ Next <Image>', '≤ 0.5× Next'],
      ['a month, stored ÷ on the fly', '≤ 0.2× on the fly'],
      ['emitted URLs outside the display set', '≤ 0'],
      ['bucket reads per seen image, cold', '≤ 1.05'],
      ['bucket reads per seen image, warm', '≤ 0'],
      ['LCP, cold ÷ warm server', '≤ 1.3× warm'],
      ['LCP warm, fast network', '≤ 0.8× Next'],
      ['LCP warm, throttled network', '≤ 1× Next'],
      ['LCP warm, CPU slowed 4×', '≤ 1× Next'],
      ['LCP cold, fast network', '≤ 0.6× Next'],
      ['unloaded after a pause, cold vs warm', '± 1 % of warm'],
    ]);
  });

  it('judge a full run: ratios computed, or taken from the run where it paired its samples', () => {
    expect(
      evaluateBounds(fixtureReport).map((result) => [
        result.ours,
        result.baseline,
        result.ratio,
        result.status,
      ]),
    ).toEqual([
      [4, 240, 4 / 240, 'ok'],
      [0.042, 0.945, 0.042 / 0.945, 'ok'],
      [9, 184, 9 / 184, 'ok'],
      [0.002, 0.053, 0.002 / 0.053, 'ok'],
      [61_400, 58_200, 61_400 / 58_200, 'ok'],
      [7_228, 2_023, 3.57, 'ok'],
      [98, 165, 0.6, 'ok'],
      [1.11, 22.9, 1.11 / 22.9, 'ok'],
      [5.73, 33.42, 5.73 / 33.42, 'ok'],
      [5.73, 52.36, 5.73 / 52.36, 'ok'],
      [0, 52, 0, 'ok'],
      [1.02, undefined, undefined, 'ok'],
      [0, undefined, undefined, 'ok'],
      [640, 560, 640 / 560, 'ok'],
      [560, 750, 560 / 750, 'ok'],
      [900, 950, 900 / 950, 'ok'],
      [700, 720, 700 / 720, 'ok'],
      [640, 1_850, 640 / 1_850, 'ok'],
      [0.042, 0.035, 0.042 / 0.035, 'ok'],
    ]);
  });

  it('say "not measured" for what a run lacks, never ok', () => {
    expect(evaluateBounds(partialReport).map((result) => result.status)).toEqual([
      'not measured',
      'not measured',
      'not measured',
      'not measured',
      'not measured',
      'FAIL',
      'FAIL',
      ...Array(12).fill('not measured'),
    ]);
  });

  it('judge the edges: equal to the bound passes, a zero baseline gives no ratio', () => {
    const [inflight, , , cls, bytes] = bounds;
    const at = (feed: object) => ({ ...partialReport, feed });
    expect(evaluateBound(at({ ours: { maxInflight: 4 } }), inflight!).status).toBe('ok');
    expect(evaluateBound(at({ ours: { maxInflight: 5 } }), inflight!).status).toBe('FAIL');
    expect(evaluateBound(at({ ours: { cls: 0.01 }, naive: { cls: 0 } }), cls!)).toMatchObject({
      ratio: undefined,
      status: 'ok',
    });
    // A ratio bound without its baseline cannot be judged.
    expect(evaluateBound(at({ ours: { bytesPerSeen: 1 } }), bytes!).status).toBe('not measured');
    expect(
      evaluateBound(at({ ours: { bytesPerSeen: 111 }, nextImage: { bytesPerSeen: 100 } }), bytes!).status,
    ).toBe('FAIL');
  });

  it('judge a difference either way: within one image per hundred of warm passes, a warm share alone does not', () => {
    const unloaded = bounds.find((bound) => bound.limit.on === 'difference')!;
    const at = (cold: number | undefined, warm: number) => ({
      ...partialReport,
      feed: { ours: { unloadedAfterPause: cold }, warm: { ours: { unloadedAfterPause: warm } } },
    });
    expect(evaluateBound(at(0.017, 0.007), unloaded).status).toBe('ok');
    expect(evaluateBound(at(0, 0.01), unloaded).status).toBe('ok');
    expect(evaluateBound(at(0.018, 0.007), unloaded).status).toBe('FAIL');
    expect(evaluateBound(at(0, 0.02), unloaded).status).toBe('FAIL');
    // Warm 0 gives no ratio, and the difference is still judged.
    expect(evaluateBound(at(0.005, 0), unloaded)).toMatchObject({ ratio: undefined, status: 'ok' });
    expect(evaluateBound(at(undefined, 0), unloaded).status).toBe('not measured');
  });

  it('judge a bound without a baseline on ours alone: the warm session reads nothing from the bucket', () => {
    const warmReads = bounds.find((bound) => bound.ours === 'feed.edge.warm.bucketReadsPerSeen')!;
    const at = (reads: number) => ({
      ...partialReport,
      feed: { edge: { warm: { bucketReadsPerSeen: reads } } },
    });
    expect(evaluateBound(at(0), warmReads)).toMatchObject({ baseline: undefined, status: 'ok' });
    expect(evaluateBound(at(0.02), warmReads).status).toBe('FAIL');
  });
});
