import path from 'node:path';
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';
import { parityAllowedHosts } from '../../tests/support/parity-cases.ts';

const root = import.meta.dirname;

// Tests run inside workerd (miniflare) with the bindings from wrangler.jsonc; the vars are replaced by
// test values so the shared parity table does not depend on deployment placeholders.
export default defineConfig({
  root,
  plugins: [
    cloudflareTest({
      wrangler: { configPath: path.join(root, 'wrangler.jsonc') },
      miniflare: {
        bindings: {
          ALLOWED_HOSTS: parityAllowedHosts.join(','),
          ORIGIN_BASE_URL: 'https://originals.test',
        },
      },
    }),
  ],
  test: {
    include: ['test/**/*.test.ts'],
    // A focused test fails the run everywhere, not only on CI.
    allowOnly: false,
    testTimeout: 30_000,
  },
});
