import path from 'node:path';
import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';
import { nodeAtLeast, supportedNode } from '../../scripts/node-support.ts';
import { parityAllowedHosts } from '../../tests/support/parity-cases.ts';

// The plugin runs wrangler and miniflare in this process; both declare Node 22.12+ (wrangler's CLI
// refuses older ones itself), so the tests say so too instead of running on an untested Node.
if (!nodeAtLeast(process.versions.node, supportedNode)) {
  throw new Error(
    `The Worker tests need Node ${supportedNode.join('.')} or newer (wrangler's minimum); this is Node ${process.versions.node}.`,
  );
}

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
