/** Range results as a small table plus a text sparkline per series (fits a Slack message or a terminal). */
import type { PromSeries } from '../../core/index.js';

const BARS = '▁▂▃▄▅▆▇█';

export function sparkline(values: number[]): string {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return '';
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  return values.map((v) => (Number.isFinite(v) ? BARS[max === min ? 3 : Math.round(((v - min) / (max - min)) * 7)] : ' ')).join('');
}

const fmt = (v: number) => (Math.abs(v) >= 100 || Number.isInteger(v) ? String(Math.round(v * 100) / 100) : v.toPrecision(4));
const labelText = (l: Record<string, string>) => {
  const entries = Object.entries(l);
  return entries.length ? `{${entries.map(([k, v]) => `${k}="${v}"`).join(', ')}}` : '{}';
};

/**
 * A time × series table of a range result: up to `rows` evenly spaced sample times, one column per series (the
 * first `cols`), values formatted like the summary lines. Empty when no series has more than one point.
 */
export function rangeTable(series: PromSeries[], rows = 12, cols = 4): string {
  const shown = series.filter((s) => s.values.length > 1).slice(0, cols);
  if (shown.length === 0) return '';
  const times = [...new Set(shown.flatMap((s) => s.values.map(([t]) => t)))].sort((a, b) => a - b);
  const step = Math.max(1, Math.ceil(times.length / rows));
  const picked = times.filter((_, i) => i % step === 0 || i === times.length - 1);
  const valueAt = (s: PromSeries, t: number) => s.values.find(([x]) => x === t)?.[1];
  const header = ['time (UTC)', ...shown.map((_, i) => `s${i + 1}`)];
  const body = picked.map((t) => [new Date(t * 1000).toISOString().slice(11, 16), ...shown.map((s) => { const v = valueAt(s, t); return v === undefined || !Number.isFinite(v) ? '—' : fmt(v); })]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((r) => r[c]!.length)));
  const line = (r: string[]) => r.map((cell, c) => cell.padStart(widths[c]!)).join('  ');
  return [line(header), ...body.map(line), ...shown.map((s, i) => `s${i + 1} = ${labelText(s.labels)}`)].join('\n');
}

export function renderSeries(series: PromSeries[], maxSeries = 10): string {
  const lines: string[] = [];
  for (const s of series.slice(0, maxSeries)) {
    const vals = s.values.map(([, v]) => v);
    if (vals.length <= 1) {
      lines.push(`${labelText(s.labels)}  ${vals.length ? fmt(vals[0]!) : 'no value'}`);
      continue;
    }
    const finite = vals.filter(Number.isFinite);
    const from = new Date(s.values[0]![0] * 1000).toISOString().slice(11, 16);
    const to = new Date(s.values[s.values.length - 1]![0] * 1000).toISOString().slice(11, 16);
    lines.push(`${labelText(s.labels)}  ${sparkline(vals.slice(-60))}  min ${fmt(Math.min(...finite))} max ${fmt(Math.max(...finite))} last ${fmt(vals[vals.length - 1]!)} (${from}–${to} UTC, ${vals.length} points)`);
  }
  if (series.length > maxSeries) lines.push(`… ${series.length - maxSeries} more series not shown`);
  const table = rangeTable(series);
  return table ? `${lines.join('\n')}\n\n${table}` : lines.join('\n');
}
