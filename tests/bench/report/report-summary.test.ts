import { describe, expect, it } from 'vitest';
import { fixtureReport, partialReport } from './report-fixture';
import { renderSummary, renderTable } from './report-summary';

describe('renderSummary', () => {
  it('prints the run, one row per bound against the same run’s baseline, and the month’s cost per strategy', () => {
    expect(renderSummary(fixtureReport)).toBe(
      [
        'Vitrine bench, started 2026-11-27T13:00:00.000Z',
        'machine: 2 cores, AMD EPYC 7B13, 7.8 GB, Linux 6.1.0, Node 20.19.2',
        'command: npm run bench',
        'inputs:  3 images from Debian wallpapers (apt-get download), 1920×1080 to 3840×2160, mean 2.63 MB',
        '',
        'measure                                  ours             baseline  ratio  bound              result',
        '────────────────────────────────────  ───────  ───────────────────  ─────  ─────────────────  ──────',
        'image requests on the wire at once          4           240 (Next)  0.02×  ≤ 4                ok',
        'visible unloaded 1 s after a pause      4.2 %        94.5 % (Next)  0.04×  ≤ 10 %             ok',
        'requests started by a fling                 9           184 (Next)  0.05×  ≤ 12               ok',
        'CLS over the session                    0.002        0.053 (naive)  0.04×  ≤ 0.01             ok',
        'bytes per seen image                  61.4 kB       58.2 kB (Next)  1.05×  ≤ 1.1× Next        ok',
        'warm /i/ throughput                   7,228/s       2,023/s (Next)  3.57×  ≥ 1.2× Next        ok',
        'cold AVIF transform p50                 98 ms        165 ms (Next)  0.60×  ≤ 0.7× Next        ok',
        'feed page deep ÷ first                   1.11       22.90 (OFFSET)  0.05×  ≤ 1.5              ok',
        'a month, stored ÷ Next <Image>          $5.73        $33.42 (Next)  0.17×  ≤ 0.5× Next        ok',
        'a month, stored ÷ on the fly            $5.73  $52.36 (on the fly)  0.11×  ≤ 0.2× on the fly  ok',
        'emitted URLs outside the display set        0         52 (emitted)  0.00×  ≤ 0                ok',
        'bucket reads per seen image, cold        1.02                    —      —  ≤ 1.05             ok',
        'bucket reads per seen image, warm        0.00                    —      —  ≤ 0                ok',
        'LCP, cold ÷ warm server                640 ms        560 ms (warm)  1.14×  ≤ 1.3× warm        ok',
        'LCP warm, fast network                 560 ms        750 ms (Next)  0.75×  ≤ 0.8× Next        ok',
        'LCP warm, throttled network            900 ms        950 ms (Next)  0.95×  ≤ 1× Next          ok',
        'LCP warm, CPU slowed 4×                700 ms        720 ms (Next)  0.97×  ≤ 1× Next          ok',
        'LCP cold, fast network                 640 ms      1,850 ms (Next)  0.35×  ≤ 0.6× Next        ok',
        'unloaded after a pause, cold vs warm    4.2 %         3.5 % (warm)  1.20×  ± 1 % of warm      ok',
        '',
        'a month for 5,000 users: Vitrine on the fly $52.36 · naive <img> $1,708.26 · Next <Image> $33.42 · Vitrine stored $5.73 (formula in report.html)',
        'search head pages in 100,000 rows, p50: plain 1.90 ms · q 1.37 ms (1.11×) · q + model 3.17 ms (2.57×)',
        '19 ok, 0 FAIL, 0 not measured',
      ].join('\n'),
    );
  });

  it('marks what a partial run did not measure, and fails what it measured out of bounds', () => {
    expect(renderSummary(partialReport)).toBe(
      [
        'Vitrine bench, started 2026-11-27T14:00:00.000Z',
        'machine: 2 cores',
        'command: npm run bench -- --quick --images /photos',
        'inputs:  source: --images /photos, count: 8, sizes: 2048–4096 px',
        '',
        'measure                                  ours        baseline  ratio  bound              result',
        '────────────────────────────────────  ───────  ──────────────  ─────  ─────────────────  ────────────',
        'image requests on the wire at once          —               —      —  ≤ 4                not measured',
        'visible unloaded 1 s after a pause          —               —      —  ≤ 10 %             not measured',
        'requests started by a fling                 —               —      —  ≤ 12               not measured',
        'CLS over the session                        —               —      —  ≤ 0.01             not measured',
        'bytes per seen image                        —               —      —  ≤ 1.1× Next        not measured',
        'warm /i/ throughput                   2,000/s  2,100/s (Next)  0.95×  ≥ 1.2× Next        FAIL',
        'cold AVIF transform p50                250 ms   300 ms (Next)  0.83×  ≤ 0.7× Next        FAIL',
        'feed page deep ÷ first                      —               —      —  ≤ 1.5              not measured',
        'a month, stored ÷ Next <Image>              —               —      —  ≤ 0.5× Next        not measured',
        'a month, stored ÷ on the fly                —               —      —  ≤ 0.2× on the fly  not measured',
        'emitted URLs outside the display set        —               —      —  ≤ 0                not measured',
        'bucket reads per seen image, cold           —               —      —  ≤ 1.05             not measured',
        'bucket reads per seen image, warm           —               —      —  ≤ 0                not measured',
        'LCP, cold ÷ warm server                     —               —      —  ≤ 1.3× warm        not measured',
        'LCP warm, fast network                      —               —      —  ≤ 0.8× Next        not measured',
        'LCP warm, throttled network                 —               —      —  ≤ 1× Next          not measured',
        'LCP warm, CPU slowed 4×                     —               —      —  ≤ 1× Next          not measured',
        'LCP cold, fast network                      —               —      —  ≤ 0.6× Next        not measured',
        'unloaded after a pause, cold vs warm        —               —      —  ± 1 % of warm      not measured',
        '',
        '0 ok, 2 FAIL, 17 not measured',
      ].join('\n'),
    );
  });
});

describe('renderTable', () => {
  it('pads each column to its widest cell, aligned as declared, and trims line ends', () => {
    const columns = [
      { title: 'name', align: 'left' },
      { title: 'n', align: 'right' },
    ] as const;
    expect(
      renderTable(columns, [
        ['a', '1,000'],
        ['longer', ''],
      ]),
    ).toEqual(['name        n', '──────  ─────', 'a       1,000', 'longer']);
  });
});
