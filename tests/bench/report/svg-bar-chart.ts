import { escapeHtml } from './escape-html';
import type { Chart } from './report-charts';
import { formatValue } from './report-values';

/**
 * One chart of report.html as an inline SVG: horizontal bars, the label on the left, the value at
 * the end of the bar. Inline and generated here so the report opens offline, from a file, with no
 * script and no asset (issue 11). Bars share a linear scale from 0 to the largest value: a bar 100×
 * shorter than its neighbour is the finding, so no log scale hides it; the printed value keeps the
 * short bar readable, and a non-zero value is never drawn thinner than 1 px.
 */

const WIDTH = 640;
const LABEL_WIDTH = 150;
const VALUE_WIDTH = 110;
const ROW_HEIGHT = 28;
const BAR_HEIGHT = 18;
const PAD = 6;
const BAR_AREA = WIDTH - LABEL_WIDTH - VALUE_WIDTH;

export function renderBarChart(chart: Chart): string {
  const max = Math.max(0, ...chart.bars.map((bar) => bar.value));
  const height = PAD * 2 + ROW_HEIGHT * chart.bars.length;
  const rows = chart.bars.map((bar, index) => {
    const y = PAD + index * ROW_HEIGHT;
    const length = max > 0 && bar.value > 0 ? Math.max(1, (bar.value / max) * BAR_AREA) : 0;
    const textY = y + ROW_HEIGHT / 2 + 4;
    return [
      `<text x="${LABEL_WIDTH - 8}" y="${textY}" text-anchor="end">${escapeHtml(bar.label)}</text>`,
      `<rect x="${LABEL_WIDTH}" y="${y + (ROW_HEIGHT - BAR_HEIGHT) / 2}" width="${length.toFixed(1)}" height="${BAR_HEIGHT}" class="${index === 0 ? 'bar ours' : 'bar'}"/>`,
      `<text x="${(LABEL_WIDTH + length + 6).toFixed(1)}" y="${textY}">${escapeHtml(formatValue(chart.unit, bar.value))}</text>`,
    ].join('');
  });
  const title = escapeHtml(chart.title);
  return (
    `<svg viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${title}">` +
    `<title>${title}</title>${rows.join('')}</svg>`
  );
}
