/** The one screen `npm run load` ends with: a row per phase, the probe, memory, and the bounds. */
import { formatMs, summarizeLatencies } from './latency';
import { countOf, formatCounts, type LoadResult } from './load-runner';

export interface Bound {
  name: string;
  ok: boolean;
  /** What was measured, so a failure says by how much. */
  measured: string;
}

export interface PhaseRow {
  name: string;
  result: LoadResult;
  peakRssMB: number;
}

export function printTable(rows: readonly string[][]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join(' | ')
      .trimEnd();
  console.log(line(rows[0]!));
  console.log(widths.map((width) => '-'.repeat(width)).join('-|-'));
  for (const row of rows.slice(1)) console.log(line(row));
}

export function printPhases(phases: readonly PhaseRow[]): void {
  printTable([
    ['phase', 'answers', 'req/s', 'p50 ms', 'p99 ms', 'peak RSS MB', 'statuses', 'socket errors'],
    ...phases.map(({ name, result, peakRssMB }) => {
      const latency = summarizeLatencies(result.latencies);
      return [
        name,
        String(countOf(result.statuses)),
        result.rps.toFixed(0),
        formatMs(latency.p50),
        formatMs(latency.p99),
        peakRssMB.toFixed(0),
        formatCounts(result.statuses),
        formatCounts(result.errors),
      ];
    }),
  ]);
}

/** Prints the bounds; true when all hold. */
export function printBounds(bounds: readonly Bound[]): boolean {
  for (const bound of bounds)
    console.log(`  ${bound.ok ? 'ok  ' : 'FAIL'}  ${bound.name}: ${bound.measured}`);
  const failed = bounds.filter((bound) => !bound.ok).length;
  console.log(
    failed === 0 ? '\nPASS: every bound held.' : `\nFAIL: ${failed} of ${bounds.length} bounds failed.`,
  );
  return failed === 0;
}
