import { describe, expect, it } from 'vitest';
import { boundText, bounds, evaluateBound, evaluateBounds } from './report-bounds';
import { fixtureReport, partialReport } from './report-fixture';

describe('bounds (issue 11, "Must show")', () => {
  it('are the eight of the issue, with their thresholds', () => {
    expect(bounds.map((bound) => [bound.measure, boundText(bound)])).toEqual([
      ['image requests on the wire at once', '≤ 4'],
      ['visible unloaded 1 s after a pause', '≤ 10 %'],
      ['requests started by a fling', '≤ 12'],
      ['CLS over the session', '≤ 0.01'],
      ['bytes per seen image', '≤ 1.1× Next'],
      ['warm /i/ throughput', '≥ 1.2× Next'],
      ['cold AVIF transform p50', '≤ 0.7× Next'],
      ['feed page deep ÷ first', '≤ 1.5'],
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
      'not measured',
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
});
