/**
 * `npm test`: the whole suite in one command: unit and integration tests (vitest), the Worker's
 * tests inside workerd, then the browser suite (Playwright). Every part runs even if an earlier
 * one fails; the last line totals them all.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

interface Part {
  name: string;
  command: string[];
  report: string;
  count: (report: unknown) => { passed: number; failed: number };
}

const vitestCount = (report: unknown) => {
  const r = report as { numPassedTests: number; numFailedTests: number };
  return { passed: r.numPassedTests, failed: r.numFailedTests };
};

const parts: Part[] = [
  {
    name: 'unit and integration (vitest)',
    command: [
      'npx',
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${path.resolve('test-results/vitest.json')}`,
    ],
    report: 'test-results/vitest.json',
    count: vitestCount,
  },
  {
    name: 'image-guard Worker (workerd)',
    command: [
      'npx',
      'vitest',
      'run',
      '--config',
      'workers/image-guard/vitest.config.mts',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${path.resolve('test-results/worker.json')}`,
    ],
    report: 'test-results/worker.json',
    count: vitestCount,
  },
  {
    name: 'browser (Playwright)',
    command: ['npx', 'playwright', 'test'],
    report: 'test-results/playwright.json',
    count: (report) => {
      const stats = (report as { stats: { expected: number; unexpected: number; flaky: number } }).stats;
      return { passed: stats.expected + stats.flaky, failed: stats.unexpected };
    },
  },
];

fs.mkdirSync('test-results', { recursive: true });
let passed = 0;
let failed = 0;
const failedParts: string[] = [];
for (const part of parts) {
  console.log(`\n=== ${part.name}: ${part.command.join(' ')}\n`);
  fs.rmSync(part.report, { force: true });
  const started = Date.now();
  const result = spawnSync(part.command[0]!, part.command.slice(1), { stdio: 'inherit' });
  let counts = { passed: 0, failed: 0 };
  try {
    counts = part.count(JSON.parse(fs.readFileSync(path.resolve(part.report), 'utf8')));
  } catch {
    // No report: the runner died before finishing; counted as one failure below.
  }
  if (result.status !== 0 && counts.failed === 0) counts.failed = 1;
  if (result.status !== 0) failedParts.push(part.name);
  passed += counts.passed;
  failed += counts.failed;
  console.log(
    `=== ${part.name}: ${counts.passed} passed, ${counts.failed} failed in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
}

if (failedParts.length > 0) console.log(`\nFailed: ${failedParts.join(', ')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failedParts.length > 0 ? 1 : 0);
