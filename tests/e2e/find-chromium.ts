import fs from 'node:fs';
import { chromium } from 'playwright-core';
import { testEnv } from '../support/test-env';

/**
 * Playwright cannot download its browser on this project's machines, so the suite looks for one:
 * CHROMIUM_PATH, then Debian's /usr/bin/chromium, then a browser Playwright installed itself.
 */
export function findChromium(): string {
  const candidates = [
    testEnv.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    chromium.executablePath(),
  ];
  for (const candidate of candidates) {
    if (candidate && fs.existsSync(candidate)) return candidate;
  }
  throw new Error(
    'No Chromium found for the browser tests. Install one with `apt-get install -y chromium` ' +
      '(Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium/Chrome executable.',
  );
}

/** Flags that let Chromium run as root in a container with no network but loopback. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
