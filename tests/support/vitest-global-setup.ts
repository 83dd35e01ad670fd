import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { defaultTestDatabaseUrl, testEnv } from './test-env';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Postgres server the database suites run on, or null (then they are skipped, with `postgresSkipReason`). */
    postgresUrl: string | null;
    postgresSkipReason: string;
  }
}

async function answers(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Runs once before the suites: finds the Postgres server the database suites use. A machine with
 * Postgres on its default port (CI, this project's machines) always runs them; a set
 * TEST_DATABASE_URL that does not answer is an error, not a silent skip.
 */
export default async function setup(project: TestProject) {
  if (testEnv.TEST_DATABASE_URL) {
    const problem = await answers(testEnv.TEST_DATABASE_URL);
    if (problem) throw new Error(`TEST_DATABASE_URL is set but its server does not answer: ${problem}`);
    project.provide('postgresUrl', testEnv.TEST_DATABASE_URL);
    project.provide('postgresSkipReason', '');
    return;
  }
  const problem = await answers(defaultTestDatabaseUrl);
  project.provide('postgresUrl', problem ? null : defaultTestDatabaseUrl);
  project.provide(
    'postgresSkipReason',
    problem ? `no Postgres server at ${defaultTestDatabaseUrl} and TEST_DATABASE_URL unset (${problem})` : '',
  );
}
