import type { EconomicsSection, StrategyBill } from './economics';
import { escapeHtml } from './escape-html';
import { evaluateBounds } from './report-bounds';
import { chartsFor } from './report-charts';
import { formatDollars, formatNumber } from './report-format';
import { describeInputs } from './report-inputs';
import { boundCells, summaryColumns } from './report-summary';
import type { BenchReport } from './report-types';
import { renderBarChart } from './svg-bar-chart';

/**
 * tests/bench/out/report.html: one self-contained page (issue 11) — inline CSS, charts as inline
 * SVG, no script, no font, no image, no link to anything. Its Content-Security-Policy says so too,
 * so a future edit that adds an external asset shows up as a broken page rather than a silent fetch.
 * Sections: the run, the bounds (the terminal summary's cells), the charts, the economics with its
 * formula and price sources, and every measurement by its JSON path.
 */

const style = `
body { font: 14px/1.45 system-ui, sans-serif; color: #1b1f24; max-width: 980px; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #d6dae0; padding-bottom: .3rem; }
table { border-collapse: collapse; margin: .6rem 0; } th, td { padding: .25rem .6rem; border-bottom: 1px solid #e6e9ee; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.ok { color: #17753a; font-weight: 600; } .FAIL { color: #b3261e; font-weight: 700; } .not-measured { color: #6b7280; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; } dt { color: #6b7280; }
figure { margin: 1.2rem 0; } figcaption { font-weight: 600; margin-bottom: .3rem; }
svg text { font: 12px system-ui, sans-serif; fill: #1b1f24; } svg .bar { fill: #9aa4b1; } svg .bar.ours { fill: #2f6fde; }
pre { background: #f4f6f8; padding: .8rem; overflow-x: auto; white-space: pre-wrap; }
`;

const e = escapeHtml;

/** `numeric` right-aligns a column; `cellClass` adds a class to one cell (the bounds' result). */
function table(
  header: readonly string[],
  rows: readonly string[][],
  numeric: readonly boolean[],
  cellClass: (row: number, column: number) => string | undefined = () => undefined,
): string {
  const head = `<tr>${header.map((cell) => `<th>${e(cell)}</th>`).join('')}</tr>`;
  const body = rows.map((row, rowIndex) => {
    const tds = row.map((cell, column) => {
      const classes = [numeric[column] ? 'num' : undefined, cellClass(rowIndex, column)].filter(Boolean);
      return `<td${classes.length > 0 ? ` class="${e(classes.join(' '))}"` : ''}>${e(cell)}</td>`;
    });
    return `<tr>${tds.join('')}</tr>`;
  });
  return `<table>${head}${body.join('')}</table>`;
}

function boundsTable(report: BenchReport): string {
  const results = evaluateBounds(report);
  const resultColumn = summaryColumns.length - 1;
  return table(
    summaryColumns.map((column) => column.title),
    results.map(boundCells),
    summaryColumns.map((column) => column.align === 'right'),
    (row, column) => (column === resultColumn ? results[row]?.status.replace(' ', '-') : undefined),
  );
}

function quantity(value: number, unit: string): string {
  return `${formatNumber(value, Number.isInteger(value) ? 0 : 2)} ${unit}`;
}

function billTable(bill: StrategyBill): string {
  const rows = bill.lines.map((line) => [
    line.item,
    quantity(line.quantity, line.unit),
    quantity(line.free, line.unit),
    quantity(line.billable, line.unit),
    line.price,
    formatDollars(line.cost),
  ]);
  rows.push(['total', '', '', '', '', formatDollars(bill.total)]);
  return (
    `<h3>${e(bill.label)}: ${e(formatDollars(bill.total))} a month</h3><p>${e(bill.deployment)}</p>` +
    table(['line', 'quantity', 'free', 'billable', 'price', 'cost'], rows, [
      false,
      true,
      true,
      true,
      false,
      true,
    ])
  );
}

function economicsSection(section: EconomicsSection): string {
  return [
    '<h2>Economics: a month of the reference scenario</h2>',
    `<ul>${section.assumptions.map((line) => `<li>${e(line)}</li>`).join('')}</ul>`,
    ...section.strategies.map(billTable),
    '<h3>Formula</h3>',
    `<pre>${e(section.formula)}</pre>`,
    '<h3>Prices</h3>',
    table(
      ['name', 'price', 'source'],
      section.prices.map((price) => [price.name, price.price, price.source]),
      [false, false, false],
    ),
  ].join('\n');
}

/** Every scalar leaf under `prefix`, by dotted path, in the JSON's order. */
export function flattenMeasurements(node: unknown, prefix: string): [string, string][] {
  if (typeof node === 'number') return [[prefix, formatNumber(node, Number.isInteger(node) ? 0 : 3)]];
  if (typeof node === 'string' || typeof node === 'boolean') return [[prefix, String(node)]];
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return [];
  return Object.entries(node).flatMap(([key, value]) => flattenMeasurements(value, `${prefix}.${key}`));
}

export function renderHtml(report: BenchReport): string {
  const charts = chartsFor(report)
    .map((chart) => `<figure><figcaption>${e(chart.title)}</figcaption>${renderBarChart(chart)}</figure>`)
    .join('\n');
  const measurements = (['feed', 'transform', 'api'] as const).flatMap((name) =>
    flattenMeasurements(report[name], name),
  );
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>Vitrine bench, ${e(report.startedAt)}</title>`,
    `<style>${style}</style></head><body>`,
    '<h1>Vitrine bench</h1>',
    '<dl>',
    `<dt>started</dt><dd>${e(report.startedAt)}</dd>`,
    `<dt>machine</dt><dd>${e(report.machine)}</dd>`,
    `<dt>command</dt><dd><code>${e(report.command)}</code></dd>`,
    `<dt>inputs</dt><dd>${e(describeInputs(report.inputs))}</dd>`,
    '</dl>',
    '<h2>Bounds (issues 11 and 17), against the same run’s baselines</h2>',
    boundsTable(report),
    '<h2>Charts</h2>',
    charts,
    report.economics ? economicsSection(report.economics) : '',
    '<h2>Every measurement</h2>',
    table(['measurement', 'value'], measurements, [false, true]),
    '</body></html>',
    '',
  ].join('\n');
}
