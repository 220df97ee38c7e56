/** A small line chart of time series as hand-written SVG (axes, min/max, time labels, legend), for Slack and the CLI. */

export interface ChartSeries {
  name: string;
  /** [epoch ms, value] */
  points: [number, number][];
}

export interface ChartOptions {
  title?: string;
  width?: number;
  height?: number;
  unit?: string;
}

const COLORS = ['#1d3557', '#e63946', '#2a9d8f', '#f4a261', '#6a4c93', '#8d99ae'];
const MAX_SERIES = 6;

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const fmt = (v: number) => (Math.abs(v) >= 100 || Number.isInteger(v) ? String(Math.round(v)) : v.toPrecision(3));
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const hhmm = (t: number) => new Date(t).toISOString().slice(11, 16);
const text = (x: number, y: number, s: string, anchor = 'start', size = 11) =>
  `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-size="${size}" text-anchor="${anchor}">${escapeXml(s)}</text>`;

export function rangeChartSvg(series: ChartSeries[], opts: ChartOptions = {}): string {
  const shown = series.slice(0, MAX_SERIES);
  const width = opts.width ?? 640;
  const height = opts.height ?? 260;
  const rows = Math.ceil(shown.length / 3);
  const box = { left: 60, right: width - 14, top: opts.title ? 30 : 12, bottom: height - 24 - rows * 16 };
  const pts = shown.flatMap((s) => s.points).filter(([t, v]) => Number.isFinite(t) && Number.isFinite(v));
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Helvetica, sans-serif">`];
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="white"/>`);
  if (opts.title) out.push(text(width / 2, 18, opts.title, 'middle', 13));
  out.push(`<path d="M${box.left} ${box.top}V${box.bottom}H${box.right}" fill="none" stroke="#444"/>`);
  if (pts.length === 0) {
    out.push(text((box.left + box.right) / 2, (box.top + box.bottom) / 2, 'no data', 'middle'), '</svg>');
    return out.join('\n');
  }
  const [t0, t1] = [Math.min(...pts.map((p) => p[0])), Math.max(...pts.map((p) => p[0]))];
  const [v0, v1] = [Math.min(...pts.map((p) => p[1])), Math.max(...pts.map((p) => p[1]))];
  // A flat or single-point range still needs a non-zero span so every point lands inside the box.
  const x = (t: number) => box.left + (t1 === t0 ? 0.5 : (t - t0) / (t1 - t0)) * (box.right - box.left);
  const y = (v: number) => box.bottom - (v1 === v0 ? 0.5 : (v - v0) / (v1 - v0)) * (box.bottom - box.top);
  const unit = opts.unit ? ` ${opts.unit}` : '';
  // About 6.5 px per character at 11 px: a legend entry must not run into the next column.
  const legendChars = Math.max(8, Math.floor(((box.right - box.left) / 3 - 18) / 6.5));
  out.push(text(box.left - 4, box.top + 4, `${fmt(v1)}${unit}`, 'end'), text(box.left - 4, box.bottom, `${fmt(v0)}${unit}`, 'end'));
  out.push(text(box.left, box.bottom + 14, hhmm(t0)), text((box.left + box.right) / 2, box.bottom + 14, hhmm((t0 + t1) / 2), 'middle'), text(box.right, box.bottom + 14, `${hhmm(t1)} UTC`, 'end'));
  shown.forEach((s, i) => {
    const color = COLORS[i]!;
    // Non-finite values (NaN from Prometheus) break the line instead of dropping to zero.
    let d = '';
    let pen = 'M';
    for (const [t, v] of s.points) {
      if (!Number.isFinite(t) || !Number.isFinite(v)) {
        pen = 'M';
        continue;
      }
      d += `${pen}${x(t).toFixed(1)} ${y(v).toFixed(1)}`;
      pen = 'L';
    }
    if (d) out.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="1.5"/>`);
    const lx = box.left + (i % 3) * ((box.right - box.left) / 3);
    const ly = height - 6 - (rows - 1 - Math.floor(i / 3)) * 16;
    out.push(`<rect x="${lx.toFixed(1)}" y="${(ly - 9).toFixed(1)}" width="10" height="10" fill="${color}"/>`, text(lx + 14, ly, clip(s.name, legendChars)));
  });
  if (series.length > MAX_SERIES) out.push(text(box.right, box.top - 2, `+${series.length - MAX_SERIES} more series`, 'end', 10));
  out.push('</svg>');
  return out.join('\n');
}
