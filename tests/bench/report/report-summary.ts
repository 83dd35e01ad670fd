import { economicsTotalsLine } from './economics';
import { type BoundResult, evaluateBounds } from './report-bounds';
import { formatNumber } from './report-format';
import { describeInputs } from './report-inputs';
import { type BenchReport, searchLabels } from './report-types';
import { formatRatio, formatValue } from './report-values';

/**
 * The one-screen summary `npm run bench` prints at the end (and the README quotes): where and how
 * it ran, then one row per bound of issue 11 — ours, the same run's baseline, ours ÷ baseline, the
 * bound, and ok / FAIL / not measured — then the month's cost per strategy. Plain text, fixed
 * columns, no colour codes, so it pastes into a Markdown code block unchanged.
 */

export interface Column {
  readonly title: string;
  readonly align: 'left' | 'right';
}

export const summaryColumns: readonly Column[] = [
  { title: 'measure', align: 'left' },
  { title: 'ours', align: 'right' },
  { title: 'baseline', align: 'right' },
  { title: 'ratio', align: 'right' },
  { title: 'bound', align: 'left' },
  { title: 'result', align: 'left' },
];

const MISSING = '—';

/** A bound's row: measure, ours, baseline (named), ratio, bound, result. report.html shows the same cells. */
export function boundCells(result: BoundResult): string[] {
  const value = (figure: number | undefined) =>
    figure === undefined ? MISSING : formatValue(result.unit, figure);
  return [
    result.measure,
    value(result.ours),
    result.baseline === undefined ? MISSING : `${value(result.baseline)} (${result.baselineName})`,
    result.ratio === undefined ? MISSING : formatRatio(result.ratio),
    result.bound,
    result.status,
  ];
}

/** Columns padded to their widest cell, two spaces apart, trailing spaces trimmed. */
export function renderTable(columns: readonly Column[], rows: readonly string[][]): string[] {
  const header = columns.map((column) => column.title);
  const all = [header, ...rows];
  const widths = columns.map((_, index) => Math.max(...all.map((row) => (row[index] ?? '').length)));
  const line = (row: readonly string[]) =>
    columns
      .map((column, index) => {
        const cell = row[index] ?? '';
        const width = widths[index] ?? 0;
        return column.align === 'left' ? cell.padEnd(width) : cell.padStart(width);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '─'.repeat(width)).join('  ');
  return [line(header), rule, ...rows.map(line)];
}

export function renderSummary(report: BenchReport): string {
  const results = evaluateBounds(report);
  const count = (status: BoundResult['status']) =>
    results.filter((result) => result.status === status).length;
  const lines = [
    `Vitrine bench, started ${report.startedAt}`,
    `machine: ${report.machine}`,
    `command: ${report.command}`,
    `inputs:  ${describeInputs(report.inputs)}`,
    '',
    ...renderTable(summaryColumns, results.map(boundCells)),
    '',
  ];
  if (report.economics && report.economics.strategies.length > 0) {
    const users = formatNumber(report.economics.scenario.users);
    lines.push(
      `a month for ${users} users: ${economicsTotalsLine(report.economics)} (formula in report.html)`,
    );
  }
  const searches = searchesLine(report);
  if (searches) lines.push(searches);
  lines.push(`${count('ok')} ok, ${count('FAIL')} FAIL, ${count('not measured')} not measured`);
  return lines.join('\n');
}

/** Each search's head page beside the plain one, as measured in the same passes; undefined if none was. */
export function searchesLine(report: BenchReport): string | undefined {
  const filtered = Object.entries(report.api?.filtered ?? {}).filter(
    ([, cost]) => cost.firstMs !== undefined && cost.overUnfiltered !== undefined,
  );
  const plain = report.api?.keyset?.firstMs;
  if (filtered.length === 0 || plain === undefined) return undefined;
  const rows = report.api?.rows === undefined ? '' : ` in ${formatNumber(report.api.rows)} rows`;
  const parts = filtered.map(
    ([name, cost]) =>
      `${searchLabels[name] ?? name} ${cost.firstMs!.toFixed(2)} ms (${formatRatio(cost.overUnfiltered!)})`,
  );
  return `search head pages${rows}, p50: plain ${plain.toFixed(2)} ms · ${parts.join(' · ')}`;
}
