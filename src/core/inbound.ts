/**
 * The inbound summary computed from edge windows in memory: what a store without SQL aggregation (Neo4j) and the
 * pipeline's recent windows answer for `GraphStore.queryInbound`. Pure.
 */
import type { EdgeWindow } from './features.js';
import type { InboundSummary } from './ports.js';

export function summarizeInbound(edges: readonly EdgeWindow[], from: number, to: number): InboundSummary {
  const windows = new Map<string, EdgeWindow & { weighted: number; timed: number }>();
  const totals = new Map<string, InboundSummary['edges'][number]>();
  for (const e of edges) {
    if (e.resolution !== '1m' || e.windowStart < from || e.windowStart >= to) continue;
    const wk = `${e.callee}\u0000${e.windowStart}`;
    let w = windows.get(wk);
    if (!w) windows.set(wk, (w = { ...e, caller: '*', calls: 0, errors: 0, p50Ms: null, p99Ms: null, sketch: null, weighted: 0, timed: 0 }));
    w.calls += e.calls;
    w.errors += e.errors;
    if (e.p50Ms !== null && e.calls > 0) {
      w.weighted += e.p50Ms * e.calls;
      w.timed += e.calls;
    }
    if (e.p99Ms !== null) w.p99Ms = Math.max(w.p99Ms ?? -Infinity, e.p99Ms);
    const tk = `${e.caller}\u0000${e.callee}`;
    const t = totals.get(tk);
    if (t) t.calls += e.calls;
    else totals.set(tk, { caller: e.caller, callee: e.callee, calleeKind: e.calleeKind, calls: e.calls });
  }
  return {
    windows: [...windows.values()]
      .map(({ weighted, timed, ...w }) => ({ ...w, p50Ms: timed > 0 ? weighted / timed : null }))
      .sort((a, b) => a.windowStart - b.windowStart || a.callee.localeCompare(b.callee)),
    edges: [...totals.values()].sort((a, b) => a.caller.localeCompare(b.caller) || a.callee.localeCompare(b.callee)),
  };
}
