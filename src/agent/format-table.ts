/** Rows as a fixed-width text table (monospace in Slack code blocks and terminals). */
export function formatTable(columns: string[], rows: Record<string, unknown>[], maxRows = 20): string {
  if (rows.length === 0) return '(no rows)';
  const cell = (v: unknown): string => {
    if (v === null || v === undefined) return '∅';
    if (v instanceof Date) return v.toISOString();
    if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Math.round(v * 10_000) / 10_000);
    if (typeof v === 'object') return JSON.stringify(v);
    return String(v);
  };
  const shown = rows.slice(0, maxRows).map((r) => columns.map((c) => cell(r[c]).slice(0, 40)));
  const widths = columns.map((c, i) => Math.max(c.length, ...shown.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const out = [line(columns), line(widths.map((w) => '-'.repeat(w))), ...shown.map(line)];
  if (rows.length > maxRows) out.push(`… ${rows.length - maxRows} more rows`);
  return out.join('\n');
}
