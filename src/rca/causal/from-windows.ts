/**
 * Stored 1m feature and edge windows → CausalInput, through the same table the benchmark export writes, so the
 * pipeline's ranking sees exactly what `aiops eval rca` scores.
 */
import type { EdgeWindow, FeatureWindow } from '../../core/index.js';
import { causalInputFromColumns } from './from-columns.js';
import type { CausalInput } from './types.js';
import { buildColumns } from './window-columns.js';

export interface WindowsInput {
  features: readonly FeatureWindow[];
  edges: readonly EdgeWindow[];
  /** Services to include even without rows (the graph's). */
  services: readonly string[];
  from: number;
  to: number;
  stepMs: number;
  onsetHintMs: number;
  onsetSearchBefore: number;
}

export function causalInputFromWindows(w: WindowsInput): CausalInput {
  const table = buildColumns({ features: w.features, edges: w.edges, services: w.services, from: w.from, to: w.to, stepMs: w.stepMs, csvSafeNames: false });
  const kinds = new Map<string, EdgeWindow>();
  for (const e of w.edges) kinds.set(`${e.caller}\u0000${e.callee}`, e);
  const { input } = causalInputFromColumns({
    header: table.header,
    rows: table.rows.map((r) => r.map((v) => (v === null ? NaN : v))),
    injectTimeSec: w.onsetHintMs / 1000,
    edges: [...kinds.values()].map((e) => ({ from: e.caller, to: e.callee, calleeKind: e.calleeKind })),
  });
  return { ...input, onsetSearchBefore: w.onsetSearchBefore };
}
