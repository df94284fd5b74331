import { describe, expect, it } from 'vitest';
import { lineChart, type LineSeries } from '../../src/report/html/charts/line-chart.js';

interface Circle { series: string; x: string; cx: number; cy: number }

function circles(svg: string): Circle[] {
  return [...svg.matchAll(/<circle class="point" data-point="([^"]*)" data-x="([^"]*)" data-value="[^"]*" cx="([^"]+)" cy="([^"]+)"/g)]
    .map((m) => ({ series: m[1]!, x: m[2]!, cx: Number(m[3]), cy: Number(m[4]) }));
}

/** The y extent of each band path (SVG y grows downwards). */
function bands(svg: string): { top: number; bottom: number }[] {
  return [...svg.matchAll(/<path class="ci-band" data-band="[^"]*" d="([^"]+)"/g)].map((m) => {
    const ys = [...m[1]!.matchAll(/[ML][\d.]+,([\d.]+)/g)].map((p) => Number(p[1]));
    return { top: Math.min(...ys), bottom: Math.max(...ys) };
  });
}

const releases: LineSeries[] = [
  { name: 'tuned', points: [
    { x: 'v1.1', value: 0.52, ci: [0.47, 0.57] },
    { x: 'v1.2', value: 0.58, ci: [0.53, 0.63] },
    { x: 'v1.3', value: 0.61, ci: [0.55, 0.66] },
  ] },
  { name: 'base', points: [
    { x: 'v1.1', value: 0.40, ci: [0.35, 0.45] },
    { x: 'v1.2', value: 0.41, ci: [0.36, 0.46] },
    { x: 'v1.3', value: 0.40, ci: [0.35, 0.45] },
  ] },
];

describe('lineChart', () => {
  it('draws one point per value of every series, a band per series, and is an accessible image', () => {
    const svg = lineChart(releases, { label: 'Held-out score per release' });
    expect(svg).toMatch(/^<svg class="chart line-chart" viewBox="0 0 960 320"[^>]* role="img" aria-label="Held-out score per release">/);
    const pts = circles(svg);
    expect(pts.map((p) => `${p.series}@${p.x}`)).toEqual(['tuned@v1.1', 'tuned@v1.2', 'tuned@v1.3', 'base@v1.1', 'base@v1.2', 'base@v1.3']);
    expect(bands(svg)).toHaveLength(2);
    expect(svg.split('<path class="line"').length - 1).toBe(2);
    expect(svg).toContain('<title>tuned at v1.2: 58.0% [53.0%, 63.0%]</title>');
  });

  it('places higher values higher and keeps each interval inside its band', () => {
    const svg = lineChart(releases, { label: 'x' });
    const [tuned, base] = [circles(svg).slice(0, 3), circles(svg).slice(3)];
    expect(tuned[2]!.cy).toBeLessThan(tuned[0]!.cy);
    expect(tuned.every((p, i) => p.cy < base[i]!.cy)).toBe(true);
    const [band] = bands(svg);
    for (const p of tuned) {
      expect(p.cy).toBeGreaterThan(band!.top);
      expect(p.cy).toBeLessThan(band!.bottom);
    }
  });

  it('spaces ordinal labels evenly in the given order', () => {
    const svg = lineChart(releases, { label: 'x', xOrder: ['v1.3', 'v1.1', 'v1.2'] });
    const xs = circles(svg).filter((p) => p.series === 'tuned');
    const at = Object.fromEntries(xs.map((p) => [p.x, p.cx]));
    expect(at['v1.3']!).toBeLessThan(at['v1.1']!);
    expect(at['v1.1']!).toBeLessThan(at['v1.2']!);
    expect(at['v1.2']! - at['v1.1']!).toBeCloseTo(at['v1.1']! - at['v1.3']!, 1);
  });

  it('puts numeric x at proportional positions and labels points in points with a zero line', () => {
    const gain: LineSeries[] = [{ name: 'held-out gain', points: [1, 2, 4, 8].map((n) => ({ x: n, value: -0.02 + n * 0.01, ci: [-0.05 + n * 0.01, 0.01 + n * 0.01] as [number, number] })) }];
    const svg = lineChart(gain, { label: 'gain vs families', units: 'points', xTitle: 'tuning families' });
    const xs = circles(svg).map((p) => p.cx);
    expect((xs[3]! - xs[2]!) / (xs[1]! - xs[0]!)).toBeCloseTo(4, 1);
    expect(svg).toContain('class="zero"');
    expect(svg).toContain('<title>held-out gain at 8: +6.0 [3.0, 9.0]</title>');
    expect(svg).toContain('>tuning families</text>');
    expect(lineChart(releases, { label: 'x' })).not.toContain('class="zero"');
  });

  it('breaks the line at a missing value and still draws the points around it', () => {
    const gappy: LineSeries[] = [{ name: 'm', points: [
      { x: 'a', value: 0.5, ci: [0.4, 0.6] }, { x: 'b', value: 0.55, ci: [0.45, 0.65] },
      { x: 'c', value: null }, { x: 'd', value: 0.6, ci: [0.5, 0.7] }, { x: 'e', value: 0.62, ci: [0.52, 0.72] },
    ] }];
    const svg = lineChart(gappy, { label: 'x' });
    expect(circles(svg).map((p) => p.x)).toEqual(['a', 'b', 'd', 'e']);
    expect(svg.split('<path class="line"').length - 1).toBe(2);
    expect(bands(svg)).toHaveLength(2);
    // The missing label keeps its slot on the axis.
    expect(svg).toContain('>c</text>');
  });

  it('draws a lone point as a whisker, escapes names, and returns nothing without values', () => {
    const svg = lineChart([{ name: '<b>v2</b> & co', points: [{ x: 'only', value: 0.3, ci: [0.2, 0.4] }] }], { label: 'a "quoted" <label>' });
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('data-series="&lt;b&gt;v2&lt;/b&gt; &amp; co"');
    expect(svg).toContain('aria-label="a &quot;quoted&quot; &lt;label&gt;"');
    expect(svg).toContain('class="whisker"');
    expect(bands(svg)).toHaveLength(0);
    expect(lineChart([{ name: 'empty', points: [{ x: 1, value: null }] }], { label: 'x' })).toBe('');
    expect(lineChart([], { label: 'x' })).toBe('');
  });
});
