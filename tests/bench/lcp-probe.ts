/**
 * `npm run bench:lcp -- --ours URL --next URL [--samples N] [--conditions fast,cpu]`: the feed
 * report's warm LCP figures alone (report/feed-session.ts `measureLcp`, the same loads), for pages
 * already being served — the quick loop while working on the first screen. Run `npm run bench`
 * once first for the servers' data, or point it at any two pages. Prints each condition's median
 * and ours ÷ the other page, ratios measured side by side, the loads interleaved.
 */
import { parseArgs } from 'node:util';
import { median } from './report/feed-metrics';
import { type LcpCondition, launchBrowser, lcpConditions, measureLcp } from './report/feed-session';

const { values } = parseArgs({
  options: {
    ours: { type: 'string' },
    next: { type: 'string' },
    samples: { type: 'string', default: '5' },
    conditions: { type: 'string', default: lcpConditions.join(',') },
  },
});
if (!values.ours || !values.next) throw new Error('Usage: npm run bench:lcp -- --ours URL --next URL');
const samples = Number(values.samples);
const conditions = values.conditions.split(',') as LcpCondition[];
for (const condition of conditions)
  if (!lcpConditions.includes(condition))
    throw new Error(`--conditions takes ${lcpConditions.join(', ')}; got ${condition}`);

const pages = { ours: values.ours, next: values.next };
const browser = await launchBrowser();
try {
  for (const condition of conditions) {
    const figures = { ours: [] as number[], next: [] as number[] };
    // Interleaved, so a slow moment of the machine falls on both pages alike.
    for (let i = 0; i < samples; i++)
      for (const key of ['ours', 'next'] as const)
        figures[key].push(await measureLcp(browser, pages[key], condition));
    const ours = median(figures.ours);
    const next = median(figures.next);
    console.log(
      `${condition.padEnd(10)} ours ${String(ours).padStart(5)} ms  next ${String(next).padStart(5)} ms  ` +
        `ratio ${(ours / next).toFixed(2)}×   ours [${figures.ours.join(' ')}]  next [${figures.next.join(' ')}]`,
    );
  }
} finally {
  await browser.close();
}
