import type { Locator, Page } from '@playwright/test';
import type { FeedPage } from '../../lib/feed/feed-types';
import { expect, test } from './fixtures';
import { cardIds, openFeed } from './support';

/**
 * What a new visitor met in a real browser (issue 21, "Broken"): a filter link in the open detail
 * view that left the dialog open for good, the dialog's ‹ › × over the prompt, and a phone header
 * with no room for the model chips.
 */

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const intersects = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function apiIds(page: Page, query: string): Promise<string[]> {
  const feed = (await (await page.request.get(`/api/feed?limit=60&${query}`)).json()) as FeedPage;
  return feed.items.map((item) => item.id);
}

/** Opens the first card of the feed in the detail dialog; its id. */
async function openFirstCard(page: Page): Promise<{ id: string; dialog: Locator }> {
  const id = (await cardIds(page))[0]!;
  // Every bucket of the feed is in the page; the visible one is clicked.
  await page.locator(`.feed:visible [data-item-id="${id}"]`).click();
  const dialog = page.locator('dialog.detail-dialog');
  await expect(dialog).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/g/${id}$`));
  return { id, dialog };
}

for (const filter of ['model', 'author'] as const) {
  test(`the ${filter} link in the open detail view closes it and shows the filtered feed; back reopens it`, async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await openFeed(page);
    const { id, dialog } = await openFirstCard(page);
    const link = dialog.locator(`[data-filter-link="${filter}"]`);
    const value = (await link.textContent())!.trim();

    // Following the link: the dialog goes, the feed behind shows only that model's (author's) cards.
    await link.click();
    await expect(page).toHaveURL((url) => url.pathname === '/' && url.searchParams.get(filter) === value);
    await expect(dialog).toHaveCount(0);
    const expected = await apiIds(page, new URLSearchParams({ [filter]: value }).toString());
    await expect.poll(async () => (await cardIds(page)).slice(0, 6)).toEqual(expected.slice(0, 6));
    // Nothing left over closes anything later: a moment on, still the filtered feed.
    await page.waitForTimeout(500);
    await expect(page).toHaveURL((url) => url.pathname === '/' && url.searchParams.get(filter) === value);

    // Back: the dialog again, over the unfiltered feed it was opened from; Esc closes it to that feed.
    await page.goBack();
    await expect(page).toHaveURL(new RegExp(`/g/${id}$`));
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(page).toHaveURL((url) => url.pathname === '/' && url.search === '');

    // And a dialog opened from the filtered feed (forward twice: the dialog, then the filter) still
    // closes with ×, onto the filtered feed.
    await page.goForward();
    await expect(page).toHaveURL(new RegExp(`/g/${id}$`));
    await page.goForward();
    await expect(page).toHaveURL((url) => url.searchParams.get(filter) === value);
    await expect(dialog).toHaveCount(0);
    const again = await openFirstCard(page);
    await again.dialog.getByRole('button', { name: 'Close' }).click();
    await expect(again.dialog).toHaveCount(0);
    await expect(page).toHaveURL((url) => url.pathname === '/' && url.searchParams.get(filter) === value);
  });
}

for (const width of [1440, 1280]) {
  test(`at ${width} px the detail view's ‹ › × cover none of its text`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await openFeed(page);
    const { dialog } = await openFirstCard(page);
    const buttons = await dialog
      .locator('.detail-controls button')
      .evaluateAll((elements) => elements.map((element) => element.getBoundingClientRect().toJSON() as Box));
    expect(buttons).toHaveLength(3);
    // Every piece of text in the info panel: the prompt, its actions, the data list.
    const texts = await dialog
      .locator('.detail-info h1, .detail-actions > *, .detail-info dt, .detail-info dd')
      .evaluateAll((elements) =>
        elements.map((element) => ({
          what: `${element.tagName} ${element.textContent?.slice(0, 30)}`,
          box: element.getBoundingClientRect().toJSON() as Box,
        })),
      );
    expect(texts.length).toBeGreaterThanOrEqual(5);
    const covered = texts.filter(({ box }) => buttons.some((button) => intersects(button, box)));
    expect(covered.map(({ what }) => what)).toEqual([]);
  });
}

test.describe('a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true });

  test('the model chips have room in the header, scroll sideways, and a tap filters', async ({ page }) => {
    await openFeed(page);
    const row = page.locator('header .model-chips');
    const chips = row.locator('[data-model-chip]');
    await expect.poll(() => chips.count()).toBeGreaterThanOrEqual(3);
    await expect(row).toBeVisible();
    const rowBox = (await row.boundingBox())!;
    const two = await chips.evaluateAll((elements) =>
      elements.slice(0, 2).reduce((sum, element) => sum + element.getBoundingClientRect().width, 0),
    );
    // At least two chips' width on screen, inside the viewport.
    expect(rowBox.width).toBeGreaterThanOrEqual(two);
    expect(rowBox.x).toBeGreaterThanOrEqual(0);
    expect(rowBox.x + rowBox.width).toBeLessThanOrEqual(390);
    // The rest are a sideways scroll away.
    const scrolled = await row.evaluate((element) => {
      element.scrollLeft = 60;
      const moved = element.scrollLeft;
      element.scrollLeft = 0;
      return { moved, overflow: element.scrollWidth > element.clientWidth };
    });
    expect(scrolled.overflow).toBe(true);
    expect(scrolled.moved).toBeGreaterThan(0);

    // A tap on the first chip narrows the feed to that model.
    const chip = chips.first();
    const name = (await chip.getAttribute('data-model-chip'))!;
    const box = (await chip.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(rowBox.x);
    expect(box.x + box.width).toBeLessThanOrEqual(rowBox.x + rowBox.width);
    await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
    await expect(page).toHaveURL((url) => url.searchParams.get('model') === name);
    const expected = await apiIds(page, new URLSearchParams({ model: name }).toString());
    await expect.poll(async () => (await cardIds(page)).slice(0, 4)).toEqual(expected.slice(0, 4));

    // The search, folded to a magnifier beside them, opens across the header when tapped and searches.
    const search = page.getByRole('searchbox', { name: 'Search prompts' });
    const folded = (await search.boundingBox())!;
    expect(folded.width).toBeLessThanOrEqual(48);
    await page.touchscreen.tap(folded.x + folded.width / 2, folded.y + folded.height / 2);
    await expect(search).toBeFocused();
    expect((await search.boundingBox())!.width).toBeGreaterThanOrEqual(340);
    await search.fill('mountain');
    await search.press('Enter');
    await expect(page).toHaveURL((url) => url.searchParams.get('q') === 'mountain');
  });
});
