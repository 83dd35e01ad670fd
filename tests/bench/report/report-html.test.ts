import { describe, expect, it } from 'vitest';
import { escapeHtml } from './escape-html';
import { chartsFor } from './report-charts';
import { fixtureReport, partialReport } from './report-fixture';
import { flattenMeasurements, renderHtml } from './report-html';

const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;

describe('renderHtml', () => {
  const html = renderHtml(fixtureReport);

  it('draws one inline <svg> per chart with data (the cold throttled LCP chart has none in this run)', () => {
    expect(chartsFor(fixtureReport).map((chart) => chart.title)).toEqual([
      'Image requests on the wire at once (most)',
      'Visible images unloaded 1 s after a pause',
      'Requests started by a fling',
      'Bytes per seen image',
      'Requests per seen image',
      '<img> elements in the DOM (most)',
      'CLS over the session',
      'HTML of the first screen',
      'LCP, cold server cache, fast network',
      'LCP, warm server cache, fast network',
      'LCP, warm server cache, throttled network (150 ms, 8 Mbit/s)',
      'LCP, warm server cache, CPU slowed 4×',
      'LCP, warm server cache, a phone (390×844 DPR 3, CPU slowed 4×)',
      'Cold AVIF transform, p50',
      'Warm throughput',
      'Feed page deep in 100k rows ÷ first page (p50)',
      "A search's head page in 100k rows ÷ the plain head page (p50)",
      'A month for 5,000 users',
    ]);
    expect(count(html, /<svg /g)).toBe(18);
    expect(count(html, /<\/svg>/g)).toBe(18);
    expect(count(renderHtml(partialReport), /<svg /g)).toBe(2);
  });

  it('is self-contained: no external URL, no script, no stylesheet or font to fetch', () => {
    for (const page of [html, renderHtml(partialReport)]) {
      expect(page).not.toMatch(/\b(?:src|href|xlink:href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
      expect(page).not.toMatch(/<(?:script|link|img|iframe|object|embed)\b/i);
      expect(page).not.toMatch(/url\(|@import/i);
    }
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
  });

  it('shows the bounds with their result, the economics formula verbatim, and every measurement', () => {
    expect(count(html, /<td class="ok">ok<\/td>/g)).toBe(19);
    expect(renderHtml(partialReport)).toContain('<td class="FAIL">FAIL</td>');
    expect(renderHtml(partialReport)).toContain('<td class="not-measured">not measured</td>');
    expect(html).toContain(`<pre>${escapeHtml(fixtureReport.economics!.formula)}</pre>`);
    expect(html).toContain('<h3>naive &lt;img&gt;: $1,708.26 a month</h3>');
    expect(html).toContain('<tr><td>feed.ours.maxInflight</td><td class="num">4</td></tr>');
    expect(html).toContain('<tr><td>api.offset.deepOverFirst</td><td class="num">22.900</td></tr>');
  });
});

describe('flattenMeasurements', () => {
  it('lists scalar leaves by dotted path, in order, and skips arrays', () => {
    expect(
      flattenMeasurements(
        { keyset: { deepOverFirst: 1.11, firstMs: 2 }, backend: 'pglite', runs: [1] },
        'api',
      ),
    ).toEqual([
      ['api.keyset.deepOverFirst', '1.110'],
      ['api.keyset.firstMs', '2'],
      ['api.backend', 'pglite'],
    ]);
    expect(flattenMeasurements(undefined, 'feed')).toEqual([]);
  });
});
