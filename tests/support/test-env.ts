import { z } from 'zod';

/**
 * The tests' own environment, apart from the product's `lib/env.ts`: switches only the suites read.
 * Read once, validated like the product's env.
 */
const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);

const schema = z.object({
  /**
   * Postgres server for the database suites (each suite creates and drops a database of its own).
   * Unset: the suites use postgres://postgres@127.0.0.1:5432/test when a server answers there.
   */
  TEST_DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'TEST_DATABASE_URL must be a postgres:// URL')
      .optional(),
  ),
  /** Browser for the Playwright suite; else /usr/bin/chromium, else Playwright's own download. */
  CHROMIUM_PATH: z.preprocess(emptyToUndefined, z.string().optional()),
  /** Set by `npm test` for each vitest run: where vitest-summary-reporter.ts writes its summary. */
  VITEST_SUMMARY_FILE: z.preprocess(emptyToUndefined, z.string().optional()),
});

export type TestEnv = z.output<typeof schema>;

export const testEnv: TestEnv = (() => {
  const result = schema.safeParse(process.env);
  if (!result.success) {
    throw new Error(
      `Invalid test environment:\n${result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n')}`,
    );
  }
  return result.data;
})();

/** Where CI (and this machine) run Postgres: trust auth, database `test`. */
export const defaultTestDatabaseUrl = 'postgres://postgres@127.0.0.1:5432/test';
