import fs from 'node:fs';
import path from 'node:path';
import { evaluateBounds } from './report-bounds';
import { renderHtml } from './report-html';
import { renderSummary } from './report-summary';
import type { BenchReport } from './report-types';

/**
 * The end of `npm run bench`: writes tests/bench/out/report.json (the report plus its evaluated
 * bounds, so a reader or the README needs no code to see what passed) and report.html, and returns
 * the one-screen summary for the terminal. Everything it writes is derived from `report` alone, so
 * the same JSON renders the same page again (`renderHtml(JSON.parse(…))`).
 */
export const defaultOutDir = path.join(import.meta.dirname, '..', 'out');

export function writeReport(report: BenchReport, outDir: string = defaultOutDir): string {
  fs.mkdirSync(outDir, { recursive: true });
  const jsonPath = path.join(outDir, 'report.json');
  const htmlPath = path.join(outDir, 'report.html');
  const json = { ...report, bounds: evaluateBounds(report) };
  fs.writeFileSync(jsonPath, `${JSON.stringify(json, null, 2)}\n`);
  fs.writeFileSync(htmlPath, renderHtml(report));
  const shown = (file: string) => path.relative(process.cwd(), file) || file;
  return `${renderSummary(report)}\nwritten: ${shown(jsonPath)}, ${shown(htmlPath)}`;
}
