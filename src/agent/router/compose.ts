/** Text builders for the deterministic answers: numbers with their windows, names in backticks. */
import type { RootCause } from '../../core/index.js';
import { formatTable } from '../format-table.js';

export const pct = (v: number) => `${(v * 100).toFixed(2)}%`;
export const ms = (v: number | null | undefined) => (v === null || v === undefined ? 'n/a' : `${Math.round(v)} ms`);
export const hhmm = (window: string) => window.replace(/(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}):\d{2}\.\d{3}Z/g, '$2').replace('–', '–') + ' UTC';

export function rootCauseLines(causes: RootCause[], max = 3): string[] {
  return causes.slice(0, max).map((c, i) => `${i + 1}. \`${c.service}\` — ${c.indicator} (score ${c.score.toFixed(2)})${c.evidence.length ? `: ${c.evidence.slice(0, 2).join('; ')}` : ''}`);
}

export function sqlBlock(sql: string): string {
  return `\`\`\`sql\n${sql.trim()}\n\`\`\``;
}

export function rowsAnswer(title: string, columns: string[], rows: Record<string, unknown>[]): string {
  if (rows.length === 1 && columns.length === 1) {
    const v = rows[0]![columns[0]!];
    const shown = typeof v === 'number' ? (columns[0]!.includes('rate') ? `${round(v)} (${pct(v)})` : String(round(v))) : v === null ? 'no value (no matching data)' : String(v);
    return `${title}: *${shown}*`;
  }
  return `${title}:\n\`\`\`\n${formatTable(columns, rows)}\n\`\`\``;
}

const round = (v: number) => (Number.isInteger(v) ? v : Math.round(v * 10_000) / 10_000);
