/** The hand-written SVG chart: well-formed, points inside the plot, text escaped, legend capped. */
import { describe, expect, it } from 'vitest';
import { rangeChartSvg } from '../../src/render/range-chart-svg.js';

const T0 = Date.UTC(2026, 0, 10, 10, 0);
const line = (name: string, f: (i: number) => number, n = 30) => ({ name, points: Array.from({ length: n }, (_, i) => [T0 + i * 60_000, f(i)] as [number, number]) });

/** Every opened tag is closed in order (self-closing ones aside): enough to catch broken markup. */
function balanced(svg: string): boolean {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
    if (m[3]) continue;
    if (!m[1]) stack.push(m[2]!);
    else if (stack.pop() !== m[2]) return false;
  }
  return stack.length === 0;
}

const numbers = (s: string) => s.match(/-?\d+(\.\d+)?/g)!.map(Number);

describe('rangeChartSvg', () => {
  const svg = rangeChartSvg([line('p99 checkout', (i) => 100 + i * 3), line('p99 payments', (i) => 50 + (i % 7) * 20)], { title: 'latency', unit: 'ms', width: 500, height: 220 });

  it('is well-formed SVG with the declared viewBox', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('viewBox="0 0 500 220"');
    expect(balanced(svg)).toBe(true);
  });

  it('plots every point inside the viewBox', () => {
    const paths = [...svg.matchAll(/<path d="([^"]+)" fill="none" stroke="#/g)].map((m) => m[1]!).filter((d) => d.includes('L'));
    expect(paths).toHaveLength(2);
    for (const d of paths) {
      const xy = numbers(d);
      expect(xy.length).toBe(60);
      for (let i = 0; i < xy.length; i += 2) {
        expect(xy[i]).toBeGreaterThanOrEqual(0);
        expect(xy[i]).toBeLessThanOrEqual(500);
        expect(xy[i + 1]).toBeGreaterThanOrEqual(0);
        expect(xy[i + 1]).toBeLessThanOrEqual(220);
      }
    }
  });

  it('labels min, max, start and end time and the legend', () => {
    expect(svg).toContain('>187 ms<');
    expect(svg).toContain('>50 ms<');
    expect(svg).toContain('>10:00<');
    expect(svg).toContain('>10:29 UTC<');
    expect(svg).toContain('>p99 checkout<');
    expect(svg).toContain('>latency<');
  });

  it('escapes text and caps the legend at six series', () => {
    const many = Array.from({ length: 8 }, (_, i) => line(i === 0 ? '<script>&"x"' : `s${i}`, (j) => j + i, 5));
    const out = rangeChartSvg(many, { title: 'a < b & c' });
    expect(out).not.toContain('<script>');
    expect(out).toContain('&lt;script&gt;&amp;&quot;x&quot;');
    expect(out).toContain('a &lt; b &amp; c');
    expect(out).toContain('+2 more series');
    expect(out).not.toContain('>s7<');
    expect(balanced(out)).toBe(true);
  });

  it('breaks the line at NaN and says "no data" when nothing is finite', () => {
    const gap = rangeChartSvg([line('g', (i) => (i === 5 ? NaN : i), 10)]);
    const d = /<path d="(M[^"]+)" fill="none" stroke="#1d3557"/.exec(gap)![1]!;
    expect(d.match(/M/g)).toHaveLength(2);
    expect(rangeChartSvg([line('n', () => NaN, 3)])).toContain('>no data<');
  });
});
