import type { Page } from '@playwright/test';
import type { FeedPage } from '../../lib/feed/feed-types';
import { expect, test } from './fixtures';
import { cardIds, cardOnScreen, openFeed } from './support';
import { phoneDevice } from '../support/phone-device';

/** Issue 21, "Broken" 1–3: what a visitor met in a real browser, each reproduced here first. */

async function api(page: Page, query: string): Promise<FeedPage> {
  return (await (await page.request.get(`/api/feed?limit=60&${query}`)).json()) as FeedPage;
}

/** Opens the detail dialog of a card that is loaded and fully on screen; returns its id. */
async function openDetail(page: Page): Promise<string> {
  await openFeed(page);
  const id = await cardOnScreen(page);
  await page.locator(`.feed:visible [data-item-id="${id}"]`).click();
  await expect(page.locator('dialog.detail-dialog')).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/g/${id}$`));
  return id;
}

test('a model link inside the open detail view closes it and filters the feed; Back returns', async ({
  page,
}) => {
  const id = await openDetail(page);
  const dialog = page.locator('dialog.detail-dialog');
  const link = dialog.locator('[data-filter-link="model"]');
  const model = (await link.textContent())!.trim();
  await link.click();

  await expect(page).toHaveURL(new RegExp(`/\\?model=${encodeURIComponent(model).replace(/%20/g, '\\+')}$`));
  await expect(dialog).toHaveCount(0);
  const expected = (await api(page, `model=${encodeURIComponent(model)}`)).items.map((item) => item.id);
  await expect.poll(async () => (await cardIds(page)).slice(0, 6)).toEqual(expected.slice(0, 6));
  // Esc has no dialog to close and leaves the filtered feed where it is.
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/\/\?model=/);
  await expect(dialog).toHaveCount(0);

  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`/g/${id}$`));
  await page.goBack();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.locator('dialog.detail-dialog')).toHaveCount(0);
});

for (const width of [1440, 1280]) {
  test(`at ${width} px the detail view's buttons do not cover its text`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await openDetail(page);
    const dialog = page.locator('dialog.detail-dialog');
    const controls = (await dialog.locator('.detail-controls').boundingBox())!;
    for (const text of [dialog.locator('.detail-info h1'), dialog.locator('.detail-actions')]) {
      const box = (await text.boundingBox())!;
      const overlaps =
        box.x < controls.x + controls.width &&
        controls.x < box.x + box.width &&
        box.y < controls.y + controls.height &&
        controls.y < box.y + box.height;
      expect(overlaps, `${JSON.stringify(box)} against the controls ${JSON.stringify(controls)}`).toBe(false);
    }
  });
}

test.describe('on a phone', () => {
  test.use(phoneDevice);

  test('the header keeps a model chip row that shows a whole chip, scrolls and filters', async ({ page }) => {
    await openFeed(page);
    const row = page.locator('.site-header .model-chips');
    // The chips arrive with the facets (the header's fallback nav is replaced then).
    await expect(row.locator('[data-model-chip]').first()).toBeVisible();
    const rowBox = (await row.boundingBox())!;
    // Whatever the demo's model names: the row is a real part of the header, not a sliver.
    expect(rowBox.width).toBeGreaterThanOrEqual(96);
    const first = row.locator('[data-model-chip]').first();
    const chipBox = (await first.boundingBox())!;
    expect(chipBox.x).toBeGreaterThanOrEqual(rowBox.x - 0.5);
    expect(Math.min(chipBox.x + chipBox.width, rowBox.x + rowBox.width) - chipBox.x).toBeGreaterThanOrEqual(
      Math.min(chipBox.width, rowBox.width) - 1,
    );
    // More chips than fit: the row scrolls sideways to the last one.
    const { scrollWidth, clientWidth } = await row.evaluate((element) => ({
      scrollWidth: element.scrollWidth,
      clientWidth: element.clientWidth,
    }));
    if (scrollWidth > clientWidth) {
      await row.evaluate((element) => element.scrollTo({ left: element.scrollWidth }));
      await expect(row.locator('[data-model-chip]').last()).toBeInViewport();
    }
    await row.evaluate((element) => element.scrollTo({ left: 0 }));
    const model = (await first.getAttribute('data-model-chip'))!;
    await first.tap();
    await expect(page).toHaveURL(/\/\?model=/);
    const expected = (await api(page, `model=${encodeURIComponent(model)}`)).items.map((item) => item.id);
    await expect.poll(async () => (await cardIds(page)).slice(0, 4)).toEqual(expected.slice(0, 4));
  });
});

/** Issue 21, "Poor" 4 and 7. */

test('with an author chosen, the model chips count that author’s items', async ({ page }) => {
  // The most frequent author (its feed fills a screen, whatever else the suite published), whose
  // items are counted page by page below.
  const facets = (await (await page.request.get('/api/facets')).json()) as { authors: { name: string }[] };
  const author = facets.authors[0]!.name;
  await openFeed(page, `/?author=${encodeURIComponent(author)}`);
  const chip = page.locator('.site-header [data-model-chip]').first();
  await expect(chip.locator('.chip-count')).toBeVisible();
  const model = (await chip.getAttribute('data-model-chip'))!;
  const shown = Number(await chip.locator('.chip-count').textContent());
  let counted = 0;
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const query = `author=${encodeURIComponent(author)}&model=${encodeURIComponent(model)}`;
    const page_: FeedPage = await api(page, cursor ? `${query}&after=${cursor}` : query);
    counted += page_.items.length;
    cursor = page_.nextCursor;
    if (!cursor) break;
  }
  expect(shown).toBe(counted);
});

test('the 404 page wears the site’s dark theme, readable', async ({ page }) => {
  for (const path of ['/no-such-page', '/g/01900000-0000-7000-8000-00000000dead']) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(404);
    // Rendered per request and streamed: the heading may land a moment after `load`.
    await expect(page.getByRole('heading', { name: 'Nothing here' })).toBeVisible();
    const colours = await page.evaluate(() => ({
      background: getComputedStyle(document.body).backgroundColor,
      heading: getComputedStyle(document.querySelector('h1')!).color,
    }));
    expect(colours).toEqual({ background: 'rgb(11, 11, 15)', heading: 'rgb(236, 236, 241)' });
    await expect(page.getByRole('link', { name: 'Back to the feed' })).toBeVisible();
  }
});
