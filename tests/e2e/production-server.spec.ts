import fs from 'node:fs';
import path from 'node:path';
import { appServerForFile } from './app-server';
import { expect, test } from './fixtures';
import { loadedFeedImages, report, type ServerImageEvent } from './support';

/**
 * `npm start`'s own process, started as a new user starts it, to show what only the whole server can:
 * the variants the boot-time prewarm encodes are the ones `/i/` then answers from memory. With two
 * variant services in the process (one warmed, one serving) they would come from the disk cache.
 */
const server = appServerForFile(
  {
    port: 3101,
    name: 'start',
    demoCount: 24,
    waitForPrewarm: true,
    env: { IMAGE_ACCESS_LOG: path.resolve('.data-e2e-start.log') },
  },
  180_000,
);

test.afterAll(() => fs.rmSync('.data-e2e-start.log', { force: true }));

test('the first visitor gets the prewarmed variants from the memory tier of the same service', async ({
  page,
}) => {
  await page.goto(`${server.origin}/`);
  await expect.poll(() => loadedFeedImages(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(4);
  const onScreen = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLImageElement>('.feed-card img')]
      .filter((img) => img.currentSrc !== '' && img.complete && img.getBoundingClientRect().top < innerHeight)
      .map((img) => new URL(img.currentSrc).pathname),
  );
  const answers = fs
    .readFileSync('.data-e2e-start.log', 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ServerImageEvent);
  const firstScreen = answers.filter((answer) => onScreen.includes(answer.pathname));
  report('prewarm', {
    warmed: /Prewarmed (\d+) variants/.exec(server.output())?.[1] ?? '?',
    firstScreenAnswers: firstScreen.length,
    tiers: firstScreen.map((answer) => answer.cache).join(','),
  });
  expect(firstScreen.length).toBeGreaterThanOrEqual(4);
  expect(firstScreen.map((answer) => [answer.pathname, answer.status, answer.cache])).toEqual(
    firstScreen.map((answer) => [answer.pathname, 200, 'memory']),
  );
});

test('SIGTERM to `npm start` alone, as a container runtime sends it, stops every process within 10 s', async ({
  request,
}) => {
  expect((await request.get(`${server.origin}/api/health`)).status()).toBe(200);
  const { ms, survivors } = await server.stopLikeAContainerRuntime();
  report('npm start stopped by SIGTERM', { ms });
  expect(survivors, `still running ${ms} ms after SIGTERM`).toEqual([]);
  await expect(request.get(`${server.origin}/api/health`, { timeout: 2_000 })).rejects.toThrow();
});
