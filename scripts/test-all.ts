/**
 * `npm test`: the whole suite in one command: unit and integration tests (vitest), the Worker's
 * tests inside workerd, then the browser suite (Playwright). Every part runs even if an earlier one
 * fails. A part fails when its runner fails, when it ran no test at all, or when a test was focused
 * (`.only`: vitest's `allowOnly: false`, Playwright's `forbidOnly`). Every skipped test is listed
 * with its reason; a skip without one fails the part. The last line totals them all.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { SuiteSummary } from '../tests/support/vitest-summary-reporter';

interface Part {
  name: string;
  command: string[];
  env?: Record<string, string>;
  /** Reads the part's report after it ran; throws when there is none. */
  summary: () => SuiteSummary;
}

const results = path.resolve('test-results');
const summaryReporter = path.resolve('tests/support/vitest-summary-reporter.ts');

function vitestPart(name: string, id: string, extraArgs: string[]): Part {
  const file = path.join(results, `${id}.summary.json`);
  return {
    name,
    command: ['npx', 'vitest', 'run', ...extraArgs, '--reporter=default', `--reporter=${summaryReporter}`],
    env: { VITEST_SUMMARY_FILE: file },
    summary: () => JSON.parse(fs.readFileSync(file, 'utf8')) as SuiteSummary,
  };
}

interface PlaywrightTest {
  status: 'expected' | 'unexpected' | 'flaky' | 'skipped';
  annotations: { type: string; description?: string }[];
}
interface PlaywrightSuite {
  title: string;
  suites?: PlaywrightSuite[];
  specs?: { title: string; tests: PlaywrightTest[] }[];
}

function playwrightSummary(): SuiteSummary {
  const report = JSON.parse(fs.readFileSync(path.join(results, 'playwright.json'), 'utf8')) as {
    suites: PlaywrightSuite[];
  };
  const summary: SuiteSummary = { passed: 0, failed: 0, skipped: [] };
  const visit = (suite: PlaywrightSuite, trail: string[]) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        if (test.status === 'expected' || test.status === 'flaky') summary.passed++;
        else if (test.status === 'unexpected') summary.failed++;
        else {
          const reason = test.annotations.find((annotation) => annotation.type === 'skip')?.description;
          summary.skipped.push({ name: [...trail, spec.title].join(' > '), reason: reason ?? null });
        }
      }
    }
    for (const child of suite.suites ?? []) visit(child, [...trail, child.title]);
  };
  for (const suite of report.suites) visit(suite, [suite.title]);
  return summary;
}

const parts: Part[] = [
  vitestPart('unit and integration (vitest)', 'vitest', []),
  vitestPart('image-guard Worker (workerd)', 'worker', ['--config', 'workers/image-guard/vitest.config.mts']),
  { name: 'browser (Playwright)', command: ['npx', 'playwright', 'test'], summary: playwrightSummary },
];

fs.mkdirSync(results, { recursive: true });
let passed = 0;
let failed = 0;
const failedParts: string[] = [];
const skippedLines: string[] = [];
for (const part of parts) {
  console.log(`\n=== ${part.name}: ${part.command.join(' ')}\n`);
  const started = Date.now();
  for (const file of fs.readdirSync(results))
    if (file.endsWith('.summary.json')) fs.rmSync(path.join(results, file));
  fs.rmSync(path.join(results, 'playwright.json'), { force: true });
  const result = spawnSync(part.command[0]!, part.command.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, ...part.env },
  });
  const problems: string[] = [];
  let summary: SuiteSummary = { passed: 0, failed: 0, skipped: [] };
  try {
    summary = part.summary();
  } catch {
    problems.push('it wrote no report (the runner died before the end)');
  }
  if (result.status !== 0) problems.push(`its runner exited with ${result.status ?? result.signal}`);
  if (summary.passed + summary.failed === 0) problems.push('it ran no test at all');
  for (const skipped of summary.skipped) {
    skippedLines.push(`  ${part.name}: ${skipped.name}\n      reason: ${skipped.reason ?? 'NONE GIVEN'}`);
    if (!skipped.reason) problems.push(`"${skipped.name}" was skipped without a reason`);
  }
  const partFailed = summary.failed + (problems.length > 0 && summary.failed === 0 ? 1 : 0);
  if (problems.length > 0 || summary.failed > 0)
    failedParts.push(`${part.name}: ${problems.join('; ') || 'tests failed'}`);
  passed += summary.passed;
  failed += partFailed;
  console.log(
    `=== ${part.name}: ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped.length} skipped ` +
      `in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
}

if (skippedLines.length > 0) console.log(`\nSkipped (${skippedLines.length}):\n${skippedLines.join('\n')}`);
if (failedParts.length > 0) console.log(`\nFailed:\n  ${failedParts.join('\n  ')}`);
console.log(`\n${passed} passed, ${failed} failed, ${skippedLines.length} skipped`);
process.exit(failedParts.length > 0 ? 1 : 0);
