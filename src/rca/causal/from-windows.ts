/**
 * Stored 1m feature and edge windows → CausalInput, through the same table the benchmark export writes, so the
 * pipeline's ranking sees exactly what `aiops eval rca` scores.
 */
import type { EdgeWindow } from '../../core/index.js';
import { causalInputFromColumns } from './from-columns.js';
import type { CausalInput } from './types.js';
import { buildColumns, type ColumnsInput } from './window-columns.js';

/** The table's rows and span (services: those to include even without rows, the graph's), and the onset. */
export interface WindowsInput extends Omit<ColumnsInput, 'csvSafeNames'> {
  onsetHintMs: number;
  onsetSearchBefore: number;
}

export function causalInputFromWindows(w: WindowsInput): CausalInput {
  const table = buildColumns({ ...w, csvSafeNames: false });
  const edges = new Map<string, { from: string; to: string; calls: number; calleeKind: EdgeWindow['calleeKind'] }>();
  for (const e of w.edges) {
    if (e.resolution !== '1m' || e.windowStart < w.from || e.windowStart >= w.to) continue;
    const key = `${e.caller}\u0000${e.callee}`;
    const seen = edges.get(key);
    if (seen) seen.calls += e.calls;
    else edges.set(key, { from: e.caller, to: e.callee, calls: e.calls, calleeKind: e.calleeKind });
  }
  const { input } = causalInputFromColumns({
    header: table.header,
    rows: table.rows.map((r) => r.map((v) => (v === null ? NaN : v))),
    injectTimeSec: w.onsetHintMs / 1000,
    edges: [...edges.values()],
  });
  return { ...input, onsetSearchBefore: w.onsetSearchBefore };
}
