import { execFileSync } from 'node:child_process';
import type { Page } from '@playwright/test';
import type { StudioPage } from '../../lib/curation/studio-list';
import { appServerForFile } from './app-server';
import { axeViolations } from './axe';
import { freshImage } from './curator-api';
import { expect, test } from './fixtures';
import { report } from './support';

/**
 * The studio at 100,000 generations (`npm run seed` makes the scale rows), on the warm embedded
 * default, with a host app's submissions waiting: the list's DOM stays bounded at any depth, the
 * first screen answers the keyboard within a second, any item is one search away, and the review
 * queue is worked through by keyboard and in bulk.
 */
const curator = { email: 'scale@vitrine.test', password: 'a studio at scale' };
const SCALE = 100_000;
let submitToken = '';

const server = appServerForFile(
  {
    port: 3103,
    name: 'studio-scale',
    demoCount: 24,
    env: { CURATOR_EMAIL: curator.email, CURATOR_PASSWORD: curator.password, DISPLAY_SET_BACKFILL: 'false' },
    // Seeded and given a submit token with the server stopped, as an operator would.
    prepare(dataDir) {
      const env = { ...process.env, DATA_DIR: dataDir };
      const tsx = ['--conditions=react-server', '--import', 'tsx'];
      execFileSync('node', [...tsx, 'scripts/seed.ts', '--demo', '24', '--until', String(SCALE)], {
        env,
        stdio: 'ignore',
        timeout: 240_000,
      });
      submitToken = execFileSync(
        'node',
        [...tsx, 'scripts/curator.ts', 'token', 'create', 'host-app', '--scope', 'submit'],
        {
          env,
          timeout: 60_000,
        },
      )
        .toString()
        .trim();
    },
  },
  420_000,
);

async function logIn(page: Page) {
  await page.goto(`${server.origin}/studio/login`);
  await page.getByLabel('E-mail').fill(curator.email);
  await page.getByLabel('Password').fill(curator.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/studio$/);
}

const listbox = (page: Page) => page.getByRole('listbox');
const activeId = (page: Page) =>
  listbox(page).evaluate(
    (box) => box.getAttribute('aria-activedescendant')?.replace('studio-row-', '') ?? null,
  );

/** Three submissions from the host app's server: the review queue's work. */
async function submitThree(page: Page, run: string): Promise<string[]> {
  const ids: string[] = [];
  for (const n of [1, 2, 3]) {
    const sent = await page.request.post(`${server.origin}/api/generations`, {
      headers: { authorization: `Bearer ${submitToken}` },
      multipart: {
        file: { name: `s${n}.png`, mimeType: 'image/png', buffer: await freshImage(320, 200) },
        prompt: `queue item ${n} ${run}`,
        model: 'Host Model',
        author: `user-${run}`,
      },
    });
    expect(sent.status(), await sent.text()).toBe(201);
    ids.push(((await sent.json()) as { id: string }).id);
  }
  return ids.reverse();
}

test('100,000 generations: a bounded DOM, the first screen in a second, any item one search away', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await logIn(page);
  await expect(listbox(page).getByRole('option').first()).toBeVisible();
  expect(await axeViolations(page), 'the studio at scale').toEqual([]);

  // Warm: the page was just rendered once. Now timed, from the navigation to a key the list obeys.
  const timings: number[] = [];
  for (let run = 0; run < 3; run += 1) {
    const started = Date.now();
    await page.goto(`${server.origin}/studio`, { waitUntil: 'commit' });
    await listbox(page).focus();
    const first = await activeId(page);
    await expect
      .poll(
        async () => {
          await page.keyboard.press('j');
          return activeId(page);
        },
        { intervals: [20] },
      )
      .not.toBe(first);
    timings.push(Date.now() - started);
  }
  const median = [...timings].sort((a, b) => a - b)[1]!;

  // Deep: 40 screens down the list, pages arriving as it goes; the DOM stays what it was.
  const scroller = page.locator('.studio-scroller');
  for (let screen = 0; screen < 40; screen += 1) {
    await scroller.evaluate((element) => element.scrollBy(0, element.clientHeight));
    await page.waitForTimeout(60);
  }
  await expect.poll(() => listbox(page).getAttribute('data-rows')).not.toBe('50');
  const loaded = Number(await listbox(page).getAttribute('data-rows'));
  const options = await listbox(page).getByRole('option').count();
  const nodes = await page.evaluate(() => document.getElementsByTagName('*').length);

  // One step to any item: its id (or its /g/ URL), pasted in the search. One from 10,000 rows deep.
  let after: string | null = null;
  let deep: StudioPage['items'][number] | undefined;
  for (let walked = 0; walked < 20; walked += 1) {
    const listed = (await (
      await page.request.get(`${server.origin}/api/generations?limit=500${after ? `&after=${after}` : ''}`)
    ).json()) as StudioPage;
    deep = listed.items.at(-1);
    after = listed.nextCursor;
  }
  const search = page.getByLabel('Prompt words or id');
  const searched = Date.now();
  await search.fill(`${server.origin}/g/${deep!.id}`);
  await expect(listbox(page).getByRole('option')).toHaveCount(1);
  await expect(listbox(page).getByRole('option')).toHaveAttribute('data-generation-id', deep!.id);
  await expect(page.getByRole('complementary', { name: 'Selected generation' })).toHaveAttribute(
    'data-generation-id',
    deep!.id,
  );
  const searchMs = Date.now() - searched;

  report('studio at 100,000', {
    firstScreenInteractiveMs: median,
    runsMs: timings.join('/'),
    rowsLoaded: loaded,
    optionsInDom: options,
    domNodes: nodes,
    searchToRowMs: searchMs,
  });
  expect(median, 'the first screen answers the keyboard within 1 s').toBeLessThanOrEqual(1_000);
  expect(loaded).toBeGreaterThan(400);
  expect(options, 'rows in the DOM').toBeLessThanOrEqual(40);
  expect(nodes, 'DOM nodes at depth').toBeLessThanOrEqual(1_200);
});

test('the review queue: next, approve and reject by keyboard, then the rest in bulk', async ({ page }) => {
  test.setTimeout(180_000);
  await logIn(page);
  const run = `${Date.now()}`;
  const first = await submitThree(page, run);
  const more = await submitThree(page, `${run}b`);
  await page.reload();
  await page.getByRole('button', { name: 'Review queue' }).click();
  await expect(listbox(page).getByRole('option')).toHaveCount(6);
  expect(
    await listbox(page)
      .getByRole('option')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-generation-id'))),
  ).toEqual([...more, ...first]);
  expect(await axeViolations(page), 'the review queue').toEqual([]);

  // j to the second, a: approved (publishing through the queue), and the keyboard moves on.
  await listbox(page).focus();
  await page.keyboard.press('j');
  expect(await activeId(page)).toBe(more[1]);
  const approved = page.waitForResponse((response) => response.url().endsWith(`/${more[1]}/publish`));
  await page.keyboard.press('a');
  expect((await approved).status()).toBe(200);
  await expect.poll(() => activeId(page)).toBe(more[2]);
  await expect(page.locator(`[data-generation-id="${more[1]}"][role="option"]`)).not.toHaveAttribute(
    'data-status',
    'submitted',
  );

  // r: the reason field; typed, Enter: rejected (hidden, never public), and on to the next.
  await page.keyboard.press('r');
  await expect(page.getByLabel('Reject, with a reason')).toBeFocused();
  await page.keyboard.type('Not a generation of ours');
  const rejected = page.waitForResponse((response) => response.url().endsWith(`/${more[2]}/hide`));
  await page.keyboard.press('Enter');
  expect((await rejected).status()).toBe(200);
  await expect(page.locator(`[data-generation-id="${more[2]}"][role="option"]`)).toHaveAttribute(
    'data-status',
    'hidden',
  );
  await expect.poll(() => activeId(page)).toBe(first[0]);

  // e: the prompt, to edit.
  await listbox(page).focus();
  await page.keyboard.press('e');
  await expect(
    page
      .getByRole('complementary', { name: 'Selected generation' })
      .getByRole('textbox', { name: 'Prompt', exact: true }),
  ).toBeFocused();

  // The first three, selected with x, approved at once.
  await listbox(page).focus();
  for (const id of first) {
    while ((await activeId(page)) !== id) await page.keyboard.press(first.indexOf(id) > 0 ? 'j' : 'k');
    await page.keyboard.press('x');
  }
  await expect(page.getByText('3 selected')).toBeVisible();
  await page.getByRole('button', { name: 'Approve 3' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Approved 3.' })).toBeVisible({ timeout: 30_000 });
  for (const id of first) {
    await expect
      .poll(
        async () =>
          (
            (await (await page.request.get(`${server.origin}/api/generations/${id}`)).json()) as {
              status: string;
            }
          ).status,
        {
          timeout: 60_000,
        },
      )
      .toBe('public');
  }
  // The rejected one was never exposed: no public copy, no /i/ answer.
  const hidden = (await (await page.request.get(`${server.origin}/api/generations/${more[2]}`)).json()) as {
    src: string;
    status: string;
    hiddenReason: string;
  };
  expect([hidden.status, hidden.hiddenReason]).toEqual(['hidden', 'Not a generation of ours']);
  expect((await page.request.get(`${server.origin}/i/w-320/${hidden.src}`)).status()).toBe(404);
});
