import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { ServerImageEvent } from './support';

/**
 * `npm start`'s own process, started as a new user starts it (its own port and data directory; the
 * build the suite already made), to show what only the whole server can: the variants the boot-time
 * prewarm encodes are the ones `/i/` then answers from memory. With two variant services in the
 * process (one warmed, one serving) they would come from the disk cache instead.
 */
const PORT = 3101;
const dataDir = path.resolve('.data-e2e-start');
const accessLog = path.join(dataDir, 'image-access.log');
const origin = `http://127.0.0.1:${PORT}`;

let server: ChildProcess;
let output = '';

test.beforeAll(async () => {
  test.setTimeout(180_000);
  fs.rmSync(dataDir, { recursive: true, force: true });
  server = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/start.ts'], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(PORT),
      DEMO_COUNT: '24',
      IMAGE_ACCESS_LOG: accessLog,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  server.stdout?.on('data', collect);
  server.stderr?.on('data', collect);
  await expect
    .poll(
      () => /Prewarmed (\d+) variants/.exec(output)?.[1] ?? (server.exitCode !== null ? 'exited' : null),
      {
        timeout: 150_000,
        intervals: [250],
      },
    )
    .toMatch(/^[1-9]\d*$/);
});

test.afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('the first visitor gets the prewarmed variants from the memory tier of the same service', async ({
  browser,
}) => {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    serviceWorkers: 'block',
  });
  const page = await context.newPage();
  await page.goto(`${origin}/`);
  await expect
    .poll(() => page.locator('img.is-loaded').count(), { timeout: 30_000 })
    .toBeGreaterThanOrEqual(4);
  const onScreen = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLImageElement>('.feed-card img')]
      .filter((img) => img.currentSrc !== '' && img.complete && img.getBoundingClientRect().top < innerHeight)
      .map((img) => new URL(img.currentSrc).pathname),
  );
  await context.close();

  const answers = fs
    .readFileSync(accessLog, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ServerImageEvent);
  const firstScreen = answers.filter((answer) => onScreen.includes(answer.pathname));
  console.log(
    `[figures] prewarm: ${/Prewarmed (\d+) variants/.exec(output)?.[1]} variants warmed; first screen ` +
      `${firstScreen.length} answers: ${firstScreen.map((answer) => answer.cache).join(',')}`,
  );
  expect(firstScreen.length).toBeGreaterThanOrEqual(4);
  expect(firstScreen.map((answer) => [answer.pathname, answer.status, answer.cache])).toEqual(
    firstScreen.map((answer) => [answer.pathname, 200, 'memory']),
  );
});
