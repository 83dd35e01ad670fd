import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Page } from '@playwright/test';
import sharp from 'sharp';
import type { FeedPage } from '../../lib/feed/feed-types';
import { withPngChunks } from '../support/test-images';
import { expect, test } from './fixtures';

/**
 * A curator's session in the real app, and what a visitor sees of it: log in, upload three files
 * (watching their progress on a throttled upload), publish one; a visitor in another browser context
 * finds it at the head of the feed; unpublishing makes every /i/ width of it 404 and empties the
 * public store of it; publishing again brings it back.
 */
const curator = { email: 'curator@vitrine.test', password: 'e2e curator password' };
const publicObjects = path.resolve('.data-e2e', 'storage', 'objects');
const widths = [320, 640, 960, 1280, 1920];

/** Unique bytes each run (the e2e data directory outlives a run, and uploads are deduplicated). */
async function testFiles(dir: string) {
  const run = `${Date.now()}-${Math.random()}`;
  const noisy = (width: number, height: number) =>
    sharp({
      create: {
        width,
        height,
        channels: 3,
        background: '#000',
        noise: { type: 'gaussian', mean: 120, sigma: 60 },
      },
    });
  const a1111 = withPngChunks(await noisy(900, 700).png().toBuffer(), [
    {
      keyword: 'parameters',
      text: `an e2e lighthouse ${run}\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 4242, Model: e2e-model`,
    },
  ]);
  const files = {
    'lighthouse.png': a1111,
    'photo.jpg': await noisy(1800, 1200)
      .jpeg({ quality: 92 })
      .withExif({ IFD0: { ImageDescription: run } })
      .toBuffer(),
    'poster.webp': await noisy(1200, 1600)
      .webp({ quality: 90 })
      .withExif({ IFD0: { ImageDescription: run } })
      .toBuffer(),
  };
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), bytes);
  return { run, paths: Object.keys(files).map((name) => path.join(dir, name)) };
}

/** Clicks an action button and waits for the server's answer (the studio updates its lists before it). */
async function act(page: Page, button: ReturnType<Page['locator']>, endpoint: 'publish' | 'unpublish') {
  const answered = page.waitForResponse((response) => response.url().endsWith(`/${endpoint}`));
  await button.click();
  expect((await answered).status()).toBe(200);
}

async function logIn(page: Page) {
  await page.goto('/studio');
  await expect(page).toHaveURL(/\/studio\/login$/);
  await page.getByLabel('E-mail').fill(curator.email);
  await page.getByLabel('Password').fill(curator.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/studio$/);
}

test('a curator uploads and publishes; a visitor sees it, then not, then again', async ({
  browser,
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  const { run, paths } = await testFiles(testInfo.outputPath('uploads'));
  await logIn(page);

  // Throttled upload, so progress has steps to show; sampled from the page as it changes.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 20,
    downloadThroughput: 20 * 1024 * 1024,
    uploadThroughput: (4 * 1024 * 1024) / 8,
  });
  await page.evaluate(() => {
    const seen: number[] = [];
    (window as unknown as { progressSeen: number[] }).progressSeen = seen;
    new MutationObserver(() => {
      for (const bar of document.querySelectorAll('progress')) seen.push(Number(bar.value));
    }).observe(document.body, { subtree: true, attributes: true, childList: true });
  });
  // Two through the file picker, one dropped on the drop zone.
  await page.getByTestId('upload-input').setInputFiles(paths.slice(0, 2));
  const dropped = paths[2]!;
  const transfer = await page.evaluateHandle(
    ({ name, bytes }) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(bytes)], name, { type: 'image/webp' }));
      return data;
    },
    { name: path.basename(dropped), bytes: [...fs.readFileSync(dropped)] },
  );
  await page.locator('.dropzone').dispatchEvent('drop', { dataTransfer: transfer });

  for (const file of paths) {
    await expect(page.locator(`[data-upload="${path.basename(file)}"] .upload-state`)).toHaveText(
      'Added to drafts',
      { timeout: 60_000 },
    );
  }
  const progress = await page.evaluate(() => (window as unknown as { progressSeen: number[] }).progressSeen);
  const between = progress.filter((value) => value > 0 && value < 1);
  console.log(
    `[figures] studio upload: ${progress.length} progress updates, ${between.length} between 0 and 100 %`,
  );
  expect(between.length).toBeGreaterThan(2);
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });

  // The A1111 file came with its prompt, seed and model: its row leads the list (newest first), and
  // a click puts it in the side panel, where it is edited and published.
  const row = page.getByRole('option').filter({ hasText: `an e2e lighthouse ${run}` });
  await expect(row).toHaveCount(1, { timeout: 10_000 });
  const id = await row.getAttribute('data-generation-id');
  await row.click();
  const panel = page.getByRole('complementary', { name: 'Selected generation' });
  await expect(panel).toHaveAttribute('data-generation-id', id!);
  await expect(panel.getByLabel('Model')).toHaveValue('e2e-model');
  await expect(panel.getByLabel('Seed')).toHaveValue('4242');
  // Rated sensitive before it goes out: visitors who ask for general ones only never get it.
  await expect(panel.getByLabel('Rating')).toHaveValue('general');
  await panel.getByLabel('Rating').selectOption('sensitive');
  const saved = page.waitForResponse(
    (response) =>
      response.url().endsWith(`/api/generations/${id}`) && response.request().method() === 'PATCH',
  );
  await panel.getByRole('button', { name: 'Save' }).click();
  expect(((await (await saved).json()) as { rating: string }).rating).toBe('sensitive');
  await act(page, panel.getByRole('button', { name: 'Publish' }), 'publish');
  // Live once the publish queue has stored its display set (the panel said "Publishing… n/m" meanwhile).
  await expect(panel.getByRole('status').first()).toHaveText('Live', { timeout: 30_000 });
  await expect(row).toHaveAttribute('data-status', 'public');

  // A visitor, in a browser context of their own, finds it at the head of the feed.
  const visitor = await browser.newContext();
  const head = (await (await visitor.request.get('/api/feed?limit=1')).json()) as FeedPage;
  expect(head.items[0]).toMatchObject({ id, rating: 'sensitive' });
  const general = (await (await visitor.request.get('/api/feed?limit=60&rating=general')).json()) as FeedPage;
  expect(general.items.map((item) => item.id)).not.toContain(id);
  const src = head.items[0]!.src;
  const visitorPage = await visitor.newPage();
  // `/` is the cached head page: the job that made the row public asks the server to drop that cache
  // right after (lib/server/feed-head-refresh.ts), asynchronously, and the page's own revalidate
  // bounds it at 10 s. A visitor reloading finds the item at the head within that.
  await expect
    .poll(
      async () => {
        await visitorPage.goto('/');
        return visitorPage.locator('[data-item-id]').first().getAttribute('data-item-id');
      },
      { timeout: 12_000, intervals: [500] },
    )
    .toBe(id);
  const statuses = async () =>
    Promise.all(widths.map(async (width) => (await visitor.request.get(`/i/w-${width}/${src}`)).status()));
  expect(await statuses()).toEqual([200, 200, 200, 200, 200]);
  expect(fs.existsSync(path.join(publicObjects, ...src.split('/')))).toBe(true);

  // Unpublished: out of the feed, gone from the public store, every width 404.
  await act(page, panel.getByRole('button', { name: 'Unpublish' }), 'unpublish');
  await expect(row).toHaveAttribute('data-status', 'unpublished');
  expect(await statuses()).toEqual([404, 404, 404, 404, 404]);
  expect(fs.existsSync(path.join(publicObjects, ...src.split('/')))).toBe(false);
  const after = (await (await visitor.request.get('/api/feed?limit=5')).json()) as FeedPage;
  expect(after.items.map((item) => item.id)).not.toContain(id);

  // Published again: back at the head, every width served.
  await act(page, panel.getByRole('button', { name: 'Publish' }), 'publish');
  await expect(panel.getByRole('status').first()).toHaveText('Live', { timeout: 30_000 });
  // Its record tells the whole story, with who did each step.
  await expect(panel.locator('.studio-record li')).toHaveCount(5);
  expect(
    await panel
      .locator('.studio-record li')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-event'))),
  ).toEqual(['published', 'unpublished', 'published', 'edited', 'uploaded']);
  await expect(panel.locator('.studio-record li').first()).toContainText('by curator:curator@vitrine.test');
  expect(await statuses()).toEqual([200, 200, 200, 200, 200]);
  const again = (await (await visitor.request.get('/api/feed?limit=1')).json()) as FeedPage;
  expect(again.items[0]?.id).toBe(id);
  await visitor.close();
  // Gone again, so the specs after this one find the feed as the suite made it.
  const deleted = await page.request.delete(`/api/generations/${id}`, {
    headers: { origin: 'http://127.0.0.1:3100' },
  });
  expect(deleted.status()).toBe(200);
});

test('the studio is not for visitors and not for search engines', async ({ page, request }) => {
  const response = await request.get('/studio/login');
  expect(await response.text()).toContain('<meta name="robots" content="noindex, nofollow"/>');
  await page.goto('/studio');
  await expect(page).toHaveURL(/\/studio\/login$/);
  const list = await request.get('/api/generations?status=draft');
  expect(list.status()).toBe(401);
  const login = await request.post('/api/auth/login', {
    data: { email: curator.email, password: 'wrong password!!' },
    headers: { origin: 'http://127.0.0.1:3100' },
  });
  expect(login.status()).toBe(401);
  const foreign = await request.post('/api/auth/login', {
    data: curator,
    headers: { origin: 'https://evil.example' },
  });
  expect(foreign.status()).toBe(403);
});

test('an 80 MB upload is refused with 413 before its body is sent, let alone buffered', async ({
  request,
}) => {
  const login = await request.post('/api/auth/login', {
    data: curator,
    headers: { origin: 'http://127.0.0.1:3100' },
  });
  const cookie = login.headers()['set-cookie']!.split(';')[0]!;
  const declared = 80 * 1024 * 1024;
  const result = await new Promise<{ status: number; sentBytes: number; body: string }>((resolve, reject) => {
    let sentBytes = 0;
    const upload = http.request(
      {
        host: '127.0.0.1',
        port: 3100,
        method: 'POST',
        path: '/api/generations',
        headers: {
          origin: 'http://127.0.0.1:3100',
          cookie,
          'content-type': 'multipart/form-data; boundary=vitrine',
          'content-length': String(declared),
        },
      },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => {
          body += chunk.toString();
        });
        response.on('end', () => {
          upload.destroy();
          resolve({ status: response.statusCode ?? 0, sentBytes, body });
        });
      },
    );
    upload.on('error', (error) => (sentBytes > 0 ? undefined : reject(error)));
    // A megabyte at a time, slowly: the answer must come long before the 80th.
    const chunk = Buffer.alloc(1024 * 1024);
    const timer = setInterval(() => {
      if (sentBytes >= declared || upload.destroyed) return clearInterval(timer);
      sentBytes += chunk.length;
      upload.write(chunk);
    }, 50);
  });
  console.log(
    `[figures] 80 MB upload: ${result.status} after ${(result.sentBytes / 1024 / 1024).toFixed(0)} MB sent`,
  );
  expect(result.status).toBe(413);
  expect(JSON.parse(result.body).error.code).toBe('payload_too_large');
  expect(result.sentBytes).toBeLessThan(20 * 1024 * 1024);
});
