/**
 * Turns pictures into bytes: DOT → SVG with Graphviz compiled to WASM (@viz-js/viz), SVG → PNG with resvg.
 * Lives with the adapters because it loads WASM and native code; the builders in src/render stay pure.
 */
import { Resvg } from '@resvg/resvg-js';
import type { Viz } from '@viz-js/viz';

// Instantiating the WASM module takes a few hundred ms, so one instance serves the whole process.
let viz: Promise<Viz> | undefined;

/** Lays out a DOT graph and returns SVG text; throws on invalid DOT (Graphviz's own message). */
export async function renderSvg(dot: string): Promise<string> {
  viz ??= import('@viz-js/viz').then((m) => m.instance());
  return (await viz).renderString(dot, { format: 'svg', engine: 'dot' });
}

/** Rasterizes SVG on white (Slack previews transparent PNGs on dark themes badly). */
export function svgToPng(svg: string): Uint8Array {
  return new Resvg(svg, { background: 'white', font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render().asPng();
}
