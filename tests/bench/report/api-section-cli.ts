/**
 * The report's API section alone, from the repository root:
 *   node --conditions=react-server --import tsx tests/bench/report/api-section-cli.ts [--pglite]
 *     [--rows 100000] [--deep-page 2000] [--repetitions 21]
 * Postgres when TEST_DATABASE_URL is set (a database of its own, dropped at the end), else PGlite in
 * memory; `--pglite` forces PGlite. Prints a table, then the section's JSON.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { runApiSection } from './api-section';

const { values } = parseArgs({
  options: {
    pglite: { type: 'boolean', default: false },
    rows: { type: 'string' },
    'deep-page': { type: 'string' },
    repetitions: { type: 'string' },
  },
});

function wholeNumber(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} must be a whole number of at least 1 (got ${raw}).`);
    process.exit(2);
  }
  return value;
}

// Migrations are read from ./drizzle and '@/…' imports resolve through ./tsconfig.json.
if (!fs.existsSync('drizzle/migrations')) {
  console.error('Run this from the repository root (drizzle/migrations is not here).');
  process.exit(2);
}

const result = await runApiSection({
  postgresUrl: values.pglite ? undefined : process.env.TEST_DATABASE_URL || undefined,
  rows: wholeNumber('rows', values.rows),
  deepPage: wholeNumber('deep-page', values['deep-page']),
  repetitions: wholeNumber('repetitions', values.repetitions),
  onProgress: (message) => console.error(`[api] ${message}`),
});

const row = (name: string, cost: typeof result.keyset) =>
  `${name.padEnd(8)} ${cost.firstMs.toFixed(2).padStart(10)} ${cost.deepMs.toFixed(2).padStart(10)} ${cost.deepOverFirst.toFixed(2).padStart(11)}`;
console.log(
  `\nAPI paging on ${result.backend}, ${result.rows.toLocaleString('en')} rows, ${result.pageSize} per page, ` +
    `page 1 vs page ${result.deepPage}, p50 of ${result.repetitions}\n` +
    `${'paging'.padEnd(8)} ${'first ms'.padStart(10)} ${'deep ms'.padStart(10)} ${'deep/first'.padStart(11)}\n` +
    `${row('keyset', result.keyset)}\n${row('OFFSET', result.offset)}\n` +
    `keyset deep/first ≤ 1.5: ${result.keyset.deepOverFirst <= 1.5 ? 'yes' : 'NO'}\n\n` +
    `${'search'.padEnd(10)} ${'matching'.padStart(9)} ${'first ms'.padStart(10)} ${'÷ plain'.padStart(8)}  filter\n` +
    Object.entries(result.filtered)
      .map(
        ([name, cost]) =>
          `${name.padEnd(10)} ${String(cost.matching).padStart(9)} ${cost.firstMs.toFixed(2).padStart(10)} ` +
          `${cost.overUnfiltered.toFixed(2).padStart(8)}  ${JSON.stringify(cost.filter)}`,
      )
      .join('\n') +
    '\n',
);
console.log(JSON.stringify(result, null, 2));
