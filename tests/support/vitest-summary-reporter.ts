import fs from 'node:fs';
import path from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';
import { testEnv } from './test-env';

/**
 * Writes what `npm test` (scripts/test-all.ts) needs from a vitest run to the file named by
 * VITEST_SUMMARY_FILE: the counts, and every skipped test with its reason (`ctx.skip(reason)`, or
 * a skipped suite whose title says why). Vitest's own JSON report has no place for the reason.
 */
export interface SuiteSummary {
  passed: number;
  failed: number;
  skipped: { name: string; reason: string | null }[];
}

/** `describe.skipIf(…)('… (skipped: reason)')`: the reason sits in the nearest suite title. */
function reasonInTitle(fullName: string): string | null {
  return /\(skipped: ([^)]+)\)/.exec(fullName)?.[1] ?? null;
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const file = testEnv.VITEST_SUMMARY_FILE;
    if (!file) return;
    const summary: SuiteSummary = { passed: 0, failed: 0, skipped: [] };
    for (const testModule of testModules) {
      if (testModule.state() === 'failed' && [...testModule.children.allTests()].length === 0)
        summary.failed++;
      for (const test of testModule.children.allTests()) {
        const result = test.result();
        if (result.state === 'passed') summary.passed++;
        else if (result.state === 'failed') summary.failed++;
        else if (result.state === 'skipped') {
          summary.skipped.push({
            name: `${path.relative(process.cwd(), testModule.moduleId)} > ${test.fullName}`,
            reason: result.note ?? reasonInTitle(test.fullName),
          });
        }
      }
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(summary, null, 2));
  }
}
