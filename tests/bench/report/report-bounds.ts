import type { BenchReport } from './report-types';
import { formatThreshold, type Unit, valueAt } from './report-values';

/**
 * Issue 11's "Must show" list and issue 17's "Done when" as data: each bound names ours and the same
 * run's baseline by path, and a limit either on ours itself (the cap of 4 in flight), on ours ÷
 * baseline (bytes ≤ 1.1× Next's), or on how far ours is from the baseline either way (`difference`:
 * the cold share within one image per hundred of the warm one). Ratios are what the issues judge
 * because absolute times drift on a shared machine. A bound whose figure the run did not produce is
 * "not measured", never a pass.
 */
export interface Bound {
  readonly measure: string;
  readonly unit: Unit;
  readonly ours: string;
  /** Absent for a bound on ours alone with nothing in the run to stand beside it. */
  readonly baseline?: string;
  readonly baselineName: string;
  /** Where the bench stored ours ÷ baseline from paired samples; otherwise it is computed here. */
  readonly ratio?: string;
  readonly limit: {
    readonly on: 'ours' | 'ratio' | 'difference';
    readonly op: '<=' | '>=';
    readonly value: number;
  };
}

export const bounds: readonly Bound[] = [
  {
    measure: 'image requests on the wire at once',
    unit: 'count',
    ours: 'feed.ours.maxInflight',
    baseline: 'feed.nextImage.maxInflight',
    baselineName: 'Next',
    limit: { on: 'ours', op: '<=', value: 4 },
  },
  {
    measure: 'visible unloaded 1 s after a pause',
    unit: 'share',
    ours: 'feed.ours.unloadedAfterPause',
    baseline: 'feed.nextImage.unloadedAfterPause',
    baselineName: 'Next',
    limit: { on: 'ours', op: '<=', value: 0.1 },
  },
  {
    measure: 'requests started by a fling',
    unit: 'count',
    ours: 'feed.ours.flingRequests',
    baseline: 'feed.nextImage.flingRequests',
    baselineName: 'Next',
    limit: { on: 'ours', op: '<=', value: 12 },
  },
  {
    // Next's page shifted nothing on the reference machine (0); the naive one did (0.053), so it is
    // the baseline that shows what the bound guards against.
    measure: 'CLS over the session',
    unit: 'cls',
    ours: 'feed.ours.cls',
    baseline: 'feed.naive.cls',
    baselineName: 'naive',
    limit: { on: 'ours', op: '<=', value: 0.01 },
  },
  {
    measure: 'bytes per seen image',
    unit: 'kb',
    ours: 'feed.ours.bytesPerSeen',
    baseline: 'feed.nextImage.bytesPerSeen',
    baselineName: 'Next',
    limit: { on: 'ratio', op: '<=', value: 1.1 },
  },
  {
    measure: 'warm /i/ throughput',
    unit: 'rps',
    ours: 'transform.ours.warmRps',
    baseline: 'transform.nextImage.warmRps',
    baselineName: 'Next',
    ratio: 'transform.ratio.warmRps',
    limit: { on: 'ratio', op: '>=', value: 1.2 },
  },
  {
    measure: 'cold AVIF transform p50',
    unit: 'ms',
    ours: 'transform.ours.coldP50Ms',
    baseline: 'transform.nextImage.coldP50Ms',
    baselineName: 'Next',
    ratio: 'transform.ratio.coldMs',
    limit: { on: 'ratio', op: '<=', value: 0.7 },
  },
  {
    measure: 'feed page deep ÷ first',
    unit: 'ratio',
    ours: 'api.keyset.deepOverFirst',
    baseline: 'api.offset.deepOverFirst',
    baselineName: 'OFFSET',
    limit: { on: 'ours', op: '<=', value: 1.5 },
  },
  // Issue 17, "Done when": the display set stored at publish.
  {
    measure: 'a month, stored ÷ Next <Image>',
    unit: 'dollars',
    ours: 'economics.totals.stored',
    baseline: 'economics.totals.nextImage',
    baselineName: 'Next',
    limit: { on: 'ratio', op: '<=', value: 0.5 },
  },
  {
    measure: 'a month, stored ÷ on the fly',
    unit: 'dollars',
    ours: 'economics.totals.stored',
    baseline: 'economics.totals.ours',
    baselineName: 'on the fly',
    limit: { on: 'ratio', op: '<=', value: 0.2 },
  },
  {
    // Every URL the app emits names a member of its source's set, so none needs a transformation.
    measure: 'emitted URLs outside the display set',
    unit: 'count',
    ours: 'feed.displaySet.emittedOutsideSet',
    baseline: 'feed.displaySet.emittedUrls',
    baselineName: 'emitted',
    limit: { on: 'ours', op: '<=', value: 0 },
  },
  {
    measure: 'bucket reads per seen image, cold',
    unit: 'ratio',
    ours: 'feed.edge.bucketReadsPerSeen',
    baselineName: '',
    limit: { on: 'ours', op: '<=', value: 1.05 },
  },
  {
    measure: 'bucket reads per seen image, warm',
    unit: 'ratio',
    ours: 'feed.edge.warm.bucketReadsPerSeen',
    baselineName: '',
    limit: { on: 'ours', op: '<=', value: 0 },
  },
  {
    measure: 'LCP, cold ÷ warm server',
    unit: 'ms',
    ours: 'feed.ours.lcpFastMs',
    baseline: 'feed.warm.ours.lcpFastMs',
    baselineName: 'warm',
    limit: { on: 'ratio', op: '<=', value: 1.3 },
  },
  // Issue 32, "Done when": the first paint against Next <Image>'s, same cards, same run.
  {
    measure: 'LCP warm, fast network',
    unit: 'ms',
    ours: 'feed.warm.ours.lcpFastMs',
    baseline: 'feed.warm.nextImage.lcpFastMs',
    baselineName: 'Next',
    limit: { on: 'ratio', op: '<=', value: 0.8 },
  },
  {
    measure: 'LCP warm, throttled network',
    unit: 'ms',
    ours: 'feed.warm.ours.lcpThrottledMs',
    baseline: 'feed.warm.nextImage.lcpThrottledMs',
    baselineName: 'Next',
    limit: { on: 'ratio', op: '<=', value: 1 },
  },
  {
    measure: 'LCP warm, CPU slowed 4×',
    unit: 'ms',
    ours: 'feed.warm.ours.lcpCpuMs',
    baseline: 'feed.warm.nextImage.lcpCpuMs',
    baselineName: 'Next',
    limit: { on: 'ratio', op: '<=', value: 1 },
  },
  {
    measure: 'LCP cold, fast network',
    unit: 'ms',
    ours: 'feed.ours.lcpFastMs',
    baseline: 'feed.nextImage.lcpFastMs',
    baselineName: 'Next',
    limit: { on: 'ratio', op: '<=', value: 0.6 },
  },
  {
    measure: 'unloaded after a pause, cold vs warm',
    unit: 'share',
    ours: 'feed.ours.unloadedAfterPause',
    baseline: 'feed.warm.ours.unloadedAfterPause',
    baselineName: 'warm',
    limit: { on: 'difference', op: '<=', value: 0.01 },
  },
];

export type BoundStatus = 'ok' | 'FAIL' | 'not measured';

export interface BoundResult {
  readonly measure: string;
  readonly unit: Unit;
  readonly ours: number | undefined;
  readonly baseline: number | undefined;
  readonly baselineName: string;
  /** ours ÷ baseline; undefined when either is missing or the baseline is 0. */
  readonly ratio: number | undefined;
  /** `≤ 4`, `≤ 1.1× Next`. */
  readonly bound: string;
  readonly status: BoundStatus;
}

export function boundText(bound: Bound): string {
  const op = bound.limit.op === '<=' ? '≤' : '≥';
  switch (bound.limit.on) {
    case 'ours':
      return `${op} ${formatThreshold(bound.unit, bound.limit.value)}`;
    case 'ratio':
      return `${op} ${bound.limit.value}× ${bound.baselineName}`;
    case 'difference':
      return `± ${formatThreshold(bound.unit, bound.limit.value)} of ${bound.baselineName}`;
  }
}

export function evaluateBound(report: BenchReport, bound: Bound): BoundResult {
  const ours = valueAt(report, bound.ours);
  const baseline = bound.baseline === undefined ? undefined : valueAt(report, bound.baseline);
  const computed =
    ours !== undefined && baseline !== undefined && baseline !== 0 ? ours / baseline : undefined;
  const ratio = (bound.ratio === undefined ? undefined : valueAt(report, bound.ratio)) ?? computed;
  // The limit `on` says what is judged: ours, ours ÷ baseline, or |ours − baseline| (only the `<=` sense).
  // toPrecision drops binary noise, so 0.017 − 0.007 is 0.01 and meets a bound of 0.01.
  const difference =
    ours !== undefined && baseline !== undefined
      ? Number(Math.abs(ours - baseline).toPrecision(12))
      : undefined;
  const judged = bound.limit.on === 'ours' ? ours : bound.limit.on === 'ratio' ? ratio : difference;
  const passes =
    judged === undefined
      ? undefined
      : bound.limit.op === '<='
        ? judged <= bound.limit.value
        : judged >= bound.limit.value;
  return {
    measure: bound.measure,
    unit: bound.unit,
    ours,
    baseline,
    baselineName: bound.baselineName,
    ratio,
    bound: boundText(bound),
    status: passes === undefined ? 'not measured' : passes ? 'ok' : 'FAIL',
  };
}

export function evaluateBounds(report: BenchReport): BoundResult[] {
  return bounds.map((bound) => evaluateBound(report, bound));
}
