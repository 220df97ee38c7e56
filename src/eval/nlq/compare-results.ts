/**
 * Execution accuracy: two queries agree when their result sets agree, not their text. Column names and row
 * order are ignored; numbers compare to 6 significant digits; the produced result may carry extra columns as
 * long as some of its columns reproduce every expected column (a common relaxation of Spider's metric).
 */
type Row = Record<string, unknown>;

const norm = (v: unknown): string => {
  if (v === null || v === undefined) return 'null';
  if (v instanceof Date) return v.toISOString();
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(v) ? Number(v) : typeof v === 'bigint' ? Number(v) : NaN;
  if (Number.isFinite(n)) return Number(n.toPrecision(6)).toString();
  if (Array.isArray(v)) return `[${v.map(norm).join(',')}]`;
  return String(v);
};

const column = (rows: Row[], key: string) => rows.map((r) => norm(r[key])).sort().join('|');

export function sameResult(expected: { columns: string[]; rows: Row[] }, produced: { columns: string[]; rows: Row[] }): boolean {
  if (expected.rows.length !== produced.rows.length) return false;
  if (expected.rows.length === 0) return true;
  const used = new Set<string>();
  const mapping: string[] = [];
  for (const e of expected.columns) {
    const want = column(expected.rows, e);
    const hit = produced.columns.find((p) => !used.has(p) && column(produced.rows, p) === want);
    if (!hit) return false;
    used.add(hit);
    mapping.push(hit);
  }
  const rowKey = (r: Row, cols: string[]) => cols.map((c) => norm(r[c])).join('\u0001');
  const a = expected.rows.map((r) => rowKey(r, expected.columns)).sort();
  const b = produced.rows.map((r) => rowKey(r, mapping)).sort();
  return a.every((x, i) => x === b[i]);
}
