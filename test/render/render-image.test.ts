/** The real pipeline: Graphviz (WASM) lays out the DOT, resvg rasterizes; the result is a real PNG. */
import { describe, expect, it } from 'vitest';
import { incidentGraphDot } from '../../src/render/incident-graph-dot.js';
import { rangeChartSvg } from '../../src/render/range-chart-svg.js';
import { renderSvg, svgToPng } from '../../src/stores/render/render-image.js';
import { incident } from '../stores/fixtures.js';
import { pngSize } from './png.js';

describe('render-image', () => {
  it('renders an incident DOT to SVG and PNG', async () => {
    const dot = incidentGraphDot(incident({ services: ['checkout', 'pay"ments'] }), { nodes: [], edges: [{ from: 'checkout', to: 'pay"ments', calls: 10, errors: 1, p99Ms: 20 }] });
    const svg = await renderSvg(dot);
    expect(svg).toContain('<svg');
    expect(svg).toContain('pay&quot;ments');
    const { width, height } = pngSize(svgToPng(svg));
    expect(width).toBeGreaterThan(0);
    expect(height).toBeGreaterThan(0);
  });

  it('rasterizes the chart at its declared size', () => {
    const svg = rangeChartSvg([{ name: 'a', points: [[0, 1], [60_000, 2]] }], { width: 320, height: 180 });
    expect(pngSize(svgToPng(svg))).toEqual({ width: 320, height: 180 });
  });

  it('rejects invalid DOT with an error', async () => {
    await expect(renderSvg('digraph { a -> }')).rejects.toThrow();
  });
});
