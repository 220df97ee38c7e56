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
  return lines.join('\n');
}
