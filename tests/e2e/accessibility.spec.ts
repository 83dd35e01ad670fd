import type { FeedPage } from '../../lib/feed/feed-types';
import { axeViolations as violations } from './axe';
import { expect, test } from './fixtures';
import { openFeed } from './support';

/** axe-core on the running app, every page a visitor or a curator reaches: 0 violations at any impact. */
test('the feed, a search and an empty search', async ({ page }) => {
  for (const url of ['/', '/?q=mountain']) {
    await openFeed(page, url);
    expect(await violations(page), url).toEqual([]);
  }
  await page.goto('/?q=zzzqqqxxyy');
  await expect(page.locator('.feed:visible [data-empty-search]')).toHaveCount(1);
  expect(await violations(page), 'an empty search').toEqual([]);
});

test('the open detail view, and /g/<id> as a page', async ({ page }) => {
  await openFeed(page);
  await page.locator('.feed:visible .feed-card').first().click();
  await expect(page.locator('dialog.detail-dialog')).toBeVisible();
  await expect(page.locator('dialog.detail-dialog img')).toBeVisible();
  expect(await violations(page), 'the detail dialog').toEqual([]);

  const { items } = (await (await page.request.get('/api/feed?limit=1')).json()) as FeedPage;
  await page.goto(`/g/${items[0]!.id}`);
  expect(await violations(page), '/g/<id>').toEqual([]);
});

test('the 404 page', async ({ page }) => {
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nothing here');
  expect(await violations(page)).toEqual([]);
});

test('the studio: its login and its board', async ({ page }) => {
  await page.goto('/studio');
  await expect(page).toHaveURL(/\/studio\/login$/);
  expect(await violations(page), '/studio/login').toEqual([]);
  await page.getByLabel('E-mail').fill('curator@vitrine.test');
  await page.getByLabel('Password').fill('e2e curator password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/studio$/);
  expect(await violations(page), '/studio').toEqual([]);
});

test('a skip link is the first stop of the keyboard and takes it past the header', async ({ page }) => {
  await openFeed(page);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  // The next stop is the first card's link, not the header's search or chips.
  expect(await page.evaluate(() => Boolean(document.activeElement?.closest('.feed-card')))).toBe(true);
});
