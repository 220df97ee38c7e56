/**
 * A benchmark case in RCAEval's layout (`time` in unix seconds + `<node>_<metric>` columns) → CausalInput.
 * RCAEval's own metric names map onto ours where they mean the same (`latency-90` is a tail latency);
 * columns we do not model (disk, sockets, …) are counted, not guessed at.
 */
import type { NodeKind } from '../../core/index.js';
import { medianHigh } from '../../core/stats.js';
import { isMetricKey, type CausalInput, type MetricKey, type NodeSeries } from './types.js';

const ALIASES: Record<string, MetricKey> = {
  'latency-95': 'latency-90',
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
  toMilliseconds([...nodes.values()]);
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

const LATENCY_KEYS: MetricKey[] = ['latency-50', 'latency-90', 'latency-99', 'client-latency-50', 'selftime'];

/**
 * RCAEval's datasets give latency in seconds, ours in milliseconds, and the method's noise floors are in ms. When
 * the typical node's median latency is under half a unit, the table is read as seconds and scaled (a real service
 * graph whose typical node answers in under 0.5 ms does not exist; one answering in under 0.5 s is ordinary).
 */
function toMilliseconds(nodes: NodeSeries[]): void {
  const medians: number[] = [];
  for (const n of nodes) {
    const s = LATENCY_KEYS.map((k) => n.metrics[k]).find((x) => x && x.some(Number.isFinite));
    if (!s) continue;
    medians.push(medianHigh(Array.from(s).filter(Number.isFinite)));
  }
  if (!medians.length) return;
  if (!(medianHigh(medians) < 0.5)) return;
  for (const n of nodes) for (const k of LATENCY_KEYS) if (n.metrics[k]) n.metrics[k] = (n.metrics[k] as Float64Array).map((v) => v * 1000);
}
