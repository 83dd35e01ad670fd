import { test as base, expect } from '@playwright/test';
import { installProbes, readProbes } from './support';

/**
 * Every browser test runs with the in-page probes (layout shifts, cards seen, image loads) and ends
 * by reading the page's cumulative layout shift over its whole session: on every visitor page nothing
 * may move, in any test, at any scroll speed (≤ 0.01). The studio's figure is reported, not bounded:
 * its lists change because the curator acted (a card moves from drafts to published when the server
 * confirms, later than the 500 ms within which the browser discounts shifts after input). No test may
 * see the Content-Security-Policy refuse anything.
 */
export const test = base.extend<{ layoutShiftGuard: undefined }>({
  layoutShiftGuard: [
    async ({ page }, use, testInfo) => {
      await installProbes(page);
      // Chrome reports every blocked script, style, image or connection on the console: the
      // Content-Security-Policy must let every page of the app work, across every navigation.
      const refusals: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' && message.text().includes('Content Security Policy')) {
          refusals.push(`${page.url()}: ${message.text()}`);
        }
      });
      await use(undefined);
      expect(refusals, 'Content-Security-Policy refusals').toEqual([]);
      if (page.isClosed() || page.url() === 'about:blank') return;
      const probes = await readProbes(page).catch(() => null);
      if (!probes) return;
      testInfo.annotations.push({ type: 'cls', description: probes.cls.toFixed(4) });
      console.log(`[figures] ${testInfo.title}: cls=${probes.cls.toFixed(4)}`);
      if (new URL(page.url()).pathname.startsWith('/studio')) return;
      expect(probes.cls, 'cumulative layout shift over the test').toBeLessThanOrEqual(0.01);
    },
    { auto: true },
  ],
});

export { expect };
