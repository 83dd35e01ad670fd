import { describe, expect, it } from 'vitest';
import { renderBarChart } from './svg-bar-chart';

describe('renderBarChart', () => {
  it('draws bars on one linear scale, ours coloured, labels escaped', () => {
    const svg = renderBarChart({
      title: 'Requests on the wire <most>',
      unit: 'count',
      bars: [
        { label: 'Vitrine', value: 4 },
        { label: 'Next <Image>', value: 240 },
        { label: 'none', value: 0 },
      ],
    });
    expect(svg).toBe(
      '<svg viewBox="0 0 640 96" width="640" height="96" role="img" aria-label="Requests on the wire &lt;most&gt;">' +
        '<title>Requests on the wire &lt;most&gt;</title>' +
        '<text x="142" y="24" text-anchor="end">Vitrine</text>' +
        '<rect x="150" y="11" width="6.3" height="18" class="bar ours"/>' +
        '<text x="162.3" y="24">4</text>' +
        '<text x="142" y="52" text-anchor="end">Next &lt;Image&gt;</text>' +
        '<rect x="150" y="39" width="380.0" height="18" class="bar"/>' +
        '<text x="536.0" y="52">240</text>' +
        '<text x="142" y="80" text-anchor="end">none</text>' +
        '<rect x="150" y="67" width="0.0" height="18" class="bar"/>' +
        '<text x="156.0" y="80">0</text>' +
        '</svg>',
    );
  });

  it('never draws a non-zero value thinner than 1 px', () => {
    const svg = renderBarChart({
      title: 'bytes',
      unit: 'kb',
      bars: [
        { label: 'Vitrine', value: 1_000 },
        { label: 'naive', value: 3_340_000 },
      ],
    });
    expect(svg).toContain('<rect x="150" y="11" width="1.0" height="18" class="bar ours"/>');
    expect(svg).toContain('<text x="157.0" y="24">1.0 kB</text>');
  });
});
