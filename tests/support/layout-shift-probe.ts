/**
 * Cumulative layout shift as the browser suite and the bench both count it: every shift the user's
 * own input did not cause, summed from the page's first paint (buffered). Both run in the page:
 * `page.addInitScript(observeLayoutShift)` before any of its scripts, then
 * `page.evaluate(readLayoutShift)`. Self-contained on purpose: Playwright sends their source text.
 */
export function observeLayoutShift(): void {
  const total = { cls: 0 };
  (window as unknown as { __layoutShift: typeof total }).__layoutShift = total;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as (PerformanceEntry & {
      value: number;
      hadRecentInput: boolean;
    })[])
      if (!entry.hadRecentInput) total.cls += entry.value;
  }).observe({ type: 'layout-shift', buffered: true });
}

/** The sum so far; throws on a page the observer was not installed in, rather than read 0. */
export function readLayoutShift(): number {
  return (window as unknown as { __layoutShift: { cls: number } }).__layoutShift.cls;
}
