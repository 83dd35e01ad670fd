import { formatNumber } from './report-format';
import { type BenchReport, searchLabels } from './report-types';
import { type Unit, valueAt } from './report-values';

/**
 * The charts of report.html, as data: each a title, a unit and bars naming their measurement by
 * path. `chartsFor` keeps the bars the run measured and drops a chart with none, so a quick run
 * without the browser section still gets its transform and API charts. Ours comes first in every
 * chart (the SVG colours the first bar).
 */
export interface ChartSpec {
  readonly title: string;
  readonly unit: Unit;
  readonly bars: readonly { readonly label: string; readonly path: string }[];
}

export interface Chart {
  readonly title: string;
  readonly unit: Unit;
  readonly bars: readonly { readonly label: string; readonly value: number }[];
}

const feedPages = (measure: string, cache: 'cold' | 'warm' = 'cold') => {
  const at = cache === 'cold' ? 'feed' : 'feed.warm';
  return [
    { label: 'Vitrine', path: `${at}.ours.${measure}` },
    { label: 'naive <img>', path: `${at}.naive.${measure}` },
    { label: 'Next <Image>', path: `${at}.nextImage.${measure}` },
  ];
};

const transformSides = (measure: string) => [
  { label: 'Vitrine /i/', path: `transform.ours.${measure}` },
  { label: 'Next /_next/image', path: `transform.nextImage.${measure}` },
];

export const chartSpecs: readonly ChartSpec[] = [
  { title: 'Image requests on the wire at once (most)', unit: 'count', bars: feedPages('maxInflight') },
  {
    title: 'Visible images unloaded 1 s after a pause',
    unit: 'share',
    bars: feedPages('unloadedAfterPause'),
  },
  { title: 'Requests started by a fling', unit: 'count', bars: feedPages('flingRequests') },
  { title: 'Bytes per seen image', unit: 'kb', bars: feedPages('bytesPerSeen') },
  { title: 'Requests per seen image', unit: 'ratio', bars: feedPages('requestsPerSeen') },
  { title: '<img> elements in the DOM (most)', unit: 'count', bars: feedPages('maxImgInDom') },
  { title: 'CLS over the session', unit: 'cls', bars: feedPages('cls') },
  { title: 'HTML of the first screen', unit: 'kb', bars: feedPages('firstScreenHtmlBytes') },
  { title: 'LCP, cold server cache, fast network', unit: 'ms', bars: feedPages('lcpFastMs') },
  { title: 'LCP, warm server cache, fast network', unit: 'ms', bars: feedPages('lcpFastMs', 'warm') },
  {
    title: 'LCP, cold server cache, throttled network (150 ms, 8 Mbit/s)',
    unit: 'ms',
    bars: feedPages('lcpThrottledMs'),
  },
  {
    title: 'LCP, warm server cache, throttled network (150 ms, 8 Mbit/s)',
    unit: 'ms',
    bars: feedPages('lcpThrottledMs', 'warm'),
  },
  { title: 'LCP, warm server cache, CPU slowed 4×', unit: 'ms', bars: feedPages('lcpCpuMs', 'warm') },
  {
    title: 'LCP, warm server cache, a phone (390×844 DPR 3, CPU slowed 4×)',
    unit: 'ms',
    bars: feedPages('lcpPhoneMs', 'warm'),
  },
  { title: 'JS heap after the session (after GC)', unit: 'kb', bars: feedPages('jsHeapBytes') },
  { title: 'Long tasks over the session', unit: 'count', bars: feedPages('longTasks') },
  { title: 'Cold AVIF transform, p50', unit: 'ms', bars: transformSides('coldP50Ms') },
  { title: 'Warm throughput', unit: 'rps', bars: transformSides('warmRps') },
  {
    title: 'The first page / per second',
    unit: 'rps',
    bars: [
      { label: 'shared cache (feed head)', path: 'api.head.sharedCacheRps' },
      { label: 'rendered per request', path: 'api.head.perRequestRps' },
    ],
  },
  {
    title: 'Feed page deep in 100k rows ÷ first page (p50)',
    unit: 'ratio',
    bars: [
      { label: 'keyset', path: 'api.keyset.deepOverFirst' },
      { label: 'OFFSET', path: 'api.offset.deepOverFirst' },
    ],
  },
  {
    title: "A search's head page in 100k rows ÷ the plain head page (p50)",
    unit: 'ratio',
    bars: Object.entries(searchLabels).map(([name, label]) => ({
      label,
      path: `api.filtered.${name}.overUnfiltered`,
    })),
  },
];

export function chartsFor(report: BenchReport): Chart[] {
  const charts: Chart[] = chartSpecs.map((spec) => ({
    title: spec.title,
    unit: spec.unit,
    bars: spec.bars.flatMap((bar) => {
      const value = valueAt(report, bar.path);
      return value === undefined ? [] : [{ label: bar.label, value }];
    }),
  }));
  if (report.economics) {
    const users = formatNumber(report.economics.scenario.users);
    charts.push({
      title: `A month for ${users} users`,
      unit: 'dollars',
      bars: report.economics.strategies.map((bill) => ({ label: bill.label, value: bill.total })),
    });
  }
  return charts.filter((chart) => chart.bars.length > 0);
}
