import { defineConfig } from '@playwright/test';
import { chromiumArgs, findChromium } from './tests/e2e/find-chromium';

export const E2E_PORT = 3100;

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 120_000,
  fullyParallel: false,
  // A focused test fails the run, locally as on CI: `npm test` must run everything.
  forbidOnly: true,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    viewport: { width: 1440, height: 900 },
    deviceScaleFactor: 1,
    // The service worker fetches on the page's behalf where the page's CDP session cannot see it;
    // counting tests run without it (HTTP cache only) and service-worker.spec.ts tests it alone.
    serviceWorkers: 'block',
    launchOptions: { executablePath: findChromium(), args: chromiumArgs },
  },
  webServer: {
    // Its own data directory and port, so a developer's `npm start` is never touched.
    command: 'bash tests/e2e/serve.sh',
    url: `http://127.0.0.1:${E2E_PORT}/api/feed?limit=1`,
    timeout: 15 * 60_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
