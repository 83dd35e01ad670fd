import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { evaluateBounds } from './report-bounds';
import { fixtureReport } from './report-fixture';
import { renderHtml } from './report-html';
import { renderSummary } from './report-summary';
import { writeReport } from './report-writer';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('writeReport', () => {
  it('writes report.json (with the evaluated bounds) and report.html, and returns the summary', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-report-'));
    made.push(root);
    const outDir = path.join(root, 'out');
    const summary = writeReport(fixtureReport, outDir);

    const json = JSON.parse(fs.readFileSync(path.join(outDir, 'report.json'), 'utf8'));
    expect(json).toEqual(
      JSON.parse(JSON.stringify({ ...fixtureReport, bounds: evaluateBounds(fixtureReport) })),
    );
    expect(fs.readFileSync(path.join(outDir, 'report.html'), 'utf8')).toBe(renderHtml(fixtureReport));
    const shown = (file: string) => path.relative(process.cwd(), path.join(outDir, file));
    expect(summary).toBe(
      `${renderSummary(fixtureReport)}\nwritten: ${shown('report.json')}, ${shown('report.html')}`,
    );
  });

  it('renders the same page again from the JSON it wrote', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-report-'));
    made.push(root);
    writeReport(fixtureReport, root);
    const reread = JSON.parse(fs.readFileSync(path.join(root, 'report.json'), 'utf8'));
    expect(renderHtml(reread)).toBe(renderHtml(fixtureReport));
  });
});
