import type { Page } from '@playwright/test';
import type { FeedPage } from '../../lib/feed/feed-types';
import { expect, test } from './fixtures';
import {
  cardIds,
  expectSameRequests,
  loadedFeedImages,
  readDown,
  report,
  serverImageLog,
  settleImages,
  watchAppImages,
} from './support';

async function api(page: Page, query: string): Promise<FeedPage> {
  return (await (await page.request.get(`/api/feed?limit=60&${query}`)).json()) as FeedPage;
}

/** A word of the demo prompts that narrows the feed without emptying it. */
async function aWordOfTheFeed(page: Page): Promise<string> {
  const head = await api(page, '');
  for (const item of head.items) {
    for (const word of item.prompt.toLowerCase().match(/[a-z]{6,}/g) ?? []) {
      const found = await api(page, `q=${word}`);
      if (found.items.length >= 12 && found.nextCursor) return word;
    }
  }
  throw new Error('no word of the demo prompts narrows the feed');
}

/** Every card shown is one of the API's answers for the same search, in the same order. */
async function expectCardsMatch(page: Page, query: string) {
  const expected = (await api(page, query)).items.map((item) => item.id);
  await expect.poll(async () => (await cardIds(page)).slice(0, 8)).toEqual(expected.slice(0, 8));
  const shown = await cardIds(page);
  expect(shown.every((id) => expected.includes(id))).toBe(true);
}

test('a visitor searches: the URL and the feed follow, a chip narrows, back and forward restore', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const word = await aWordOfTheFeed(page);
  await page.goto('/');
  await expect.poll(() => loadedFeedImages(page)).toBeGreaterThanOrEqual(3);
  const box = page.getByRole('searchbox', { name: 'Search prompts' });

  // Typing: after a pause the URL and the feed follow; every card matches the prompt search.
  await box.pressSequentially(word, { delay: 40 });
  await expect(page).toHaveURL(new RegExp(`/\\?q=${word}$`));
  await expectCardsMatch(page, `q=${word}`);
  const found = await api(page, `q=${word}`);
  expect(found.items.every((item) => new RegExp(`\\b${word.slice(0, 4)}`, 'i').test(item.prompt))).toBe(true);

  // A model chip narrows to that model within the search; the chip shows it is chosen.
  const chip = page.locator('[data-model-chip]').first();
  const model = (await chip.getAttribute('data-model-chip'))!;
  await chip.click();
  await expect(page).toHaveURL(new RegExp(`q=${word}&model=`));
  const narrowed = `q=${word}&model=${encodeURIComponent(model)}`;
  await expectCardsMatch(page, narrowed);
  await expect(page.locator(`[data-model-chip="${model}"]`)).toHaveAttribute('aria-current', 'true');

  // Read down the search, open a card, close it: the same place in the same search. The pointer
  // goes back to the pictures first: over the chip row a wheel scrolls the chips (model-chips.tsx).
  await page.mouse.move(700, 500);
  await readDown(page, 2, 600);
  const readTo = await page.evaluate(() => window.scrollY);
  expect(readTo).toBeGreaterThan(1000);
  await page.locator('.feed:visible [data-item-id]').filter({ visible: true }).nth(2).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  // (Playwright may have scrolled the card into view to click it: the place is where the dialog opened.)
  const openedAt = await page.evaluate(() => window.scrollY);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page).toHaveURL(/model=/);
  expect(Math.abs((await page.evaluate(() => window.scrollY)) - openedAt)).toBeLessThan(50);

  // Esc clears the words (the chosen model stays), then back: the previous search, its words in
  // the box, and its place; then forward again.
  await box.press('Escape');
  await expect(page).toHaveURL(/\/\?model=[^&]+$/);
  await expect(box).toHaveValue('');
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`q=${word}&model=`));
  await expect(box).toHaveValue(word);
  await expect
    .poll(() => page.evaluate(() => window.scrollY), { timeout: 15_000 })
    .toBeGreaterThan(openedAt - 300);
  await page.goForward();
  await expect(page).toHaveURL(/\/\?model=[^&]+$/);
  await expect(box).toHaveValue('');
  report('discovery', { word, model, searchResults: found.items.length, readTo });
});

test('a filtered feed keeps the loading bounds: at most 4 on the wire, browser and server agree', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const word = await aWordOfTheFeed(page);
  const network = await watchAppImages(page);
  const log = serverImageLog();
  await page.goto(`/?q=${word}`);
  await expect.poll(() => loadedFeedImages(page)).toBeGreaterThanOrEqual(3);
  await readDown(page, 6, 800);
  await settleImages(network);
  const events = log.events();
  expect(network.maxInFlight()).toBeLessThanOrEqual(4);
  expectSameRequests(network.network(), events);
  report('filtered feed', { word, requests: network.network().length, maxInFlight: network.maxInFlight() });
});

test('an empty search says so and offers the way out; detail links open the feed filtered', async ({
  page,
}) => {
  await page.goto('/?q=zqxjvwk');
  await expect(page.locator('.feed:visible [data-empty-search]')).toContainText('Nothing matches “zqxjvwk”.');
  await page.locator('.feed:visible [data-empty-search] a').click();
  await expect(page).toHaveURL(/\/$/);
  await expect.poll(() => loadedFeedImages(page)).toBeGreaterThanOrEqual(3);

  const item = (await api(page, '')).items[0]!;
  await page.goto(`/g/${item.id}`);
  await page.locator('[data-filter-link="author"]').click();
  await expect(page).toHaveURL(new RegExp(`/\\?author=${encodeURIComponent(item.author)}$`));
  await expectCardsMatch(page, `author=${encodeURIComponent(item.author)}`);
  await expect(page.locator(`[data-author-chip="${item.author}"]`)).toBeVisible();
});

test('search pages are cached like / and kept out of search engines', async ({ request }) => {
  const plain = await request.get('/');
  const search = await request.get('/?q=dune&model=none-such');
  for (const response of [plain, search]) {
    expect(response.headers()['cache-control']).toMatch(/(^|,\s*)s-maxage=\d+/);
  }
  expect(await search.text()).toMatch(/<meta name="robots" content="noindex, follow"/);
  expect(await plain.text()).not.toMatch(/name="robots"/);
  const tooLong = await request.get(`/?q=${'a'.repeat(201)}`);
  expect(tooLong.status()).toBe(400);
  const facets = await request.get('/api/facets?q=dune');
  expect(facets.headers()['cache-control']).toBe('public, max-age=30, s-maxage=30');
  expect(Object.keys(await facets.json())).toEqual(['models', 'authors']);
});

test('typing on while a search is on its way loses nothing', async ({ page }) => {
  const word = await aWordOfTheFeed(page);
  await page.goto('/');
  const box = page.getByRole('searchbox', { name: 'Search prompts' });
  const [start, rest] = [word.slice(0, 3), word.slice(3)];
  await box.pressSequentially(start, { delay: 30 });
  // Past the pause: the first search leaves; the visitor keeps typing while it arrives.
  await page.waitForTimeout(450);
  await box.pressSequentially(rest, { delay: 30 });
  await expect(page).toHaveURL(new RegExp(`\\?q=${word}$`));
  await expect(box).toHaveValue(word);
  await expectCardsMatch(page, `q=${word}`);
});
