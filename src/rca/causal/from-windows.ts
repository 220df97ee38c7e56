/**
 * Stored 1m feature and edge windows → CausalInput, through the same table the benchmark export writes, so the
 * pipeline's ranking sees what `aiops eval rca` scores. The edge windows may be per caller (the export, the
 * pipeline's recent windows) or already summed per callee (`GraphStore.queryInbound`): the table sums calls into
 * each node either way; with several callers a p50 is then their call-weighted mean rather than a merged sketch.
 */
import { summarizeInbound, type InboundSummary } from '../../core/index.js';
import { causalInputFromColumns } from './from-columns.js';
import type { CausalInput } from './types.js';
import { buildColumns, type ColumnsInput } from './window-columns.js';

/** The table's rows and span (services: those to include even without rows, the graph's), and the onset. */
export interface WindowsInput extends Omit<ColumnsInput, 'csvSafeNames'> {
  /** Calls per edge over the span; derived from `edges` when they are per caller. */
  calls?: InboundSummary['edges'];
  onsetHintMs: number;
  onsetSearchBefore: number;
}

export function causalInputFromWindows(w: WindowsInput): CausalInput {
  const table = buildColumns({ ...w, csvSafeNames: false });
  const calls = w.calls ?? summarizeInbound(w.edges, w.from, w.to).edges;
  const { input } = causalInputFromColumns({
    header: table.header,
    rows: table.rows.map((r) => r.map((v) => (v === null ? NaN : v))),
    injectTimeSec: w.onsetHintMs / 1000,
    edges: calls.map((e) => ({ from: e.caller, to: e.callee, calls: e.calls, calleeKind: e.calleeKind })),
  });
  return { ...input, onsetSearchBefore: w.onsetSearchBefore };
}
