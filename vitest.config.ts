import path from 'node:path';
import { defineConfig } from 'vitest/config';

const root = import.meta.dirname;

export default defineConfig({
  resolve: {
    alias: {
      '@': root,
      // `server-only` throws outside Next's server build; tests run server code directly.
      'server-only': path.join(root, 'node_modules/server-only/empty.js'),
    },
  },
  test: {
    include: ['{lib,app,components,scripts,drizzle,tests/support,tests/faults,tests/hostile,tests/bench/report}/**/*.test.{ts,tsx}'],
    exclude: ['node_modules', 'workers/**', 'tests/e2e/**', '.next/**'],
    // Finds the Postgres server the database suites run on (or the reason they cannot).
    globalSetup: ['tests/support/vitest-global-setup.ts'],
    // A focused test (`.only`) fails the run everywhere, not only on CI.
    allowOnly: false,
    environment: 'node',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
