/** CSV text of an RCAEval-layout case: cells, data.csv and graph.csv. The table itself: src/rca/causal/window-columns.ts. */
import type { EdgeWindow } from '../core/index.js';
import type { ColumnsTable } from '../rca/causal/window-columns.js';

export { buildColumns, clientQuantile, type ColumnsInput, type ColumnsTable } from '../rca/causal/window-columns.js';

export function formatCell(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '';
  return String(Number(v.toPrecision(6)));
}

export function tableCsv(table: Pick<ColumnsTable, 'header' | 'rows'>): string {
  const lines = [table.header.join(',')];
  // `time` is an exact integer (unix seconds); only measurements are rounded.
  for (const r of table.rows) lines.push(r.map((v, i) => (i === 0 ? String(v) : formatCell(v))).join(','));
  return `${lines.join('\n')}\n`;
}

/** graph.csv: caller → callee with calls summed over the windows given, sorted by caller then callee. */
export function graphCsv(edges: readonly EdgeWindow[]): string {
  const calls = new Map<string, number>();
  const kinds = new Map<string, string>();
  for (const e of edges) {
    if (e.resolution !== '1m') continue;
    const key = `${e.caller},${e.callee}`;
    calls.set(key, (calls.get(key) ?? 0) + e.calls);
    kinds.set(key, e.calleeKind);
  }
  // Call counts stay exact integers: they are counts, not measurements. The callee's kind lets a reader tell a
  // database from a service (RCAEval's layout has no place for it).
  const lines = [...calls.keys()].sort().map((k) => `${k},${Math.round(calls.get(k) as number)},${kinds.get(k)}`);
  return `caller,callee,calls,callee_kind\n${lines.join('\n')}${lines.length ? '\n' : ''}`;
}
