import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from './fixtures';

/** Every file the browser may download from the build: scripts, styles, the service worker. */
function clientFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else found.push(full);
    }
  };
  walk(path.join('.next', 'static'));
  walk('public');
  return found;
}

/**
 * What the server knows must never reach a browser: the secrets of the suite's server (its generated
 * root secret, the bootstrap curator's password) and the modules that hold or use secrets (database
 * drivers, the S3 SDK, password hashing, the env schema). A `server-only` import fails the build; this
 * reads what was actually built.
 */
test('client bundles carry no server secret and no server-only module', async ({ request }) => {
  const secret = fs.readFileSync(path.join('.data-e2e', 'app-secret'), 'utf8').trim();
  const forbidden = [
    secret,
    'e2e curator password',
    // Modules: PGlite, node-postgres, the S3 SDK, argon2, sharp, drizzle's migrator, lib/env.ts.
    'electric-sql/pglite',
    'pg-protocol',
    'S3Client',
    '@node-rs/argon2',
    'limitInputPixels',
    'migrationsFolder',
    'APP_SECRET must be at least',
    'S3_SECRET_ACCESS_KEY',
  ];
  const files = clientFiles();
  expect(files.filter((file) => file.endsWith('.js')).length).toBeGreaterThan(5);
  const hits: string[] = [];
  for (const file of files) {
    const text = fs.readFileSync(file, 'latin1');
    for (const needle of forbidden) if (text.includes(needle)) hits.push(`${file}: ${needle}`);
  }
  expect(hits).toEqual([]);
  // Nor in what the server renders.
  for (const pagePath of ['/', '/studio/login']) {
    const html = await (await request.get(pagePath)).text();
    expect(html.includes(secret), pagePath).toBe(false);
    expect(html.includes('e2e curator password'), pagePath).toBe(false);
  }
});
