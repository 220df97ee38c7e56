/**
 * A benchmark case in RCAEval's layout (`time` in unix seconds + `<node>_<metric>` columns) → CausalInput.
 * RCAEval's own metric names map onto ours where they mean the same (`latency-90` is a tail latency);
 * columns we do not model (disk, sockets, …) are counted, not guessed at.
 */
import type { NodeKind } from '../../core/index.js';
import { isMetricKey, type CausalInput, type MetricKey, type NodeSeries } from './types.js';

const ALIASES: Record<string, MetricKey> = {
  'latency-90': 'latency-99',
  'latency-95': 'latency-99',
  latency: 'latency-50',
  memory: 'mem',
  errors: 'error',
};

export interface ColumnsCase {
  header: readonly string[];
  /** Rows of numbers (NaN for an empty cell), same width as the header. */
  rows: readonly (readonly number[])[];
  injectTimeSec: number;
  edges?: readonly { from: string; to: string; calls?: number; calleeKind?: NodeKind }[];
}

export interface ColumnsResult {
  input: CausalInput;
  /** Columns that name no metric we model, e.g. `cart_diskio`. */
  ignored: string[];
}

export function causalInputFromColumns(c: ColumnsCase): ColumnsResult {
  const timeCol = c.header.indexOf('time');
  if (timeCol < 0) throw new Error('no "time" column');
  const times = c.rows.map((r) => r[timeCol] * 1000);
  const nodes = new Map<string, NodeSeries>();
  const ignored: string[] = [];
  c.header.forEach((col, j) => {
    if (j === timeCol || col === 'time.1') return;
    const cut = col.lastIndexOf('_');
    const metric = cut > 0 ? col.slice(cut + 1) : '';
    const key = isMetricKey(metric) ? metric : ALIASES[metric];
    if (!key) {
      ignored.push(col);
      return;
    }
    const name = col.slice(0, cut);
    let n = nodes.get(name);
    if (!n) nodes.set(name, (n = { name, kind: 'service', metrics: {} }));
    if (n.metrics[key]) return; // the first column of an alias wins
    n.metrics[key] = Float64Array.from(c.rows, (r) => (Number.isFinite(r[j]) ? r[j] : NaN));
  });
  for (const e of c.edges ?? []) {
    const n = nodes.get(e.to);
    if (n && e.calleeKind) n.kind = e.calleeKind;
  }
  // A callee seen only through its callers' client spans (no server spans, no resources of its own) is an
  // external dependency whatever the edge says: an API named by peer.service looks like a service to the graph.
  const callees = new Set((c.edges ?? []).map((e) => e.to));
  const callers = new Set((c.edges ?? []).map((e) => e.from));
  for (const n of nodes.values()) {
    const own = n.metrics.cpu || n.metrics.mem || n.metrics.selftime || n.metrics['client-latency-50'];
    if (n.kind === 'service' && !own && callees.has(n.name) && !callers.has(n.name)) n.kind = 'external';
  }
  return {
    input: { times, nodes: [...nodes.values()], edges: (c.edges ?? []).map((e) => ({ from: e.from, to: e.to, calls: e.calls })), onsetHintMs: c.injectTimeSec * 1000 },
    ignored,
  };
}
