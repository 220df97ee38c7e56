/**
 * Which variables may explain which: the graph parents of the causal model. A regressor is a series plus the
 * variables that receive the credit for its change (the latency a caller experiences from a callee splits
 * between the callee's server latency and the network gap in front of it).
 */
import type { Signal } from './types.js';
import { delta, type Variable } from './variables.js';

export interface Regressor {
  /** Label for evidence: the parent node. */
  node: string;
  series: Float64Array;
  /** Variables that share the credit, with their weights (sum 1). */
  credit: { v: Variable; weight: number }[];
  /** Post-onset median minus baseline median of `series`. */
  delta: number;
}

export interface Topology {
  callees(name: string): readonly string[];
  callers(name: string): readonly string[];
}

type Lookup = (node: string, signal: Signal) => Variable | undefined;

/** The regressors that may explain `y`. */
export function parentsOf(y: Variable, topo: Topology, find: Lookup, clientLatency: (node: string) => Float64Array | undefined): Regressor[] {
  const self = (s: Signal) => single(find(y.node, s));
  const out: (Regressor | undefined)[] = [];
  switch (y.signal) {
    case 'latency':
      for (const c of topo.callees(y.node)) out.push(experiencedLatency(c, find, clientLatency));
      if (y.kind === 'service') out.push(self('cpu'), self('gc'), self('memory'));
      else out.push(self('load'));
      break;
    case 'gap':
      // A caller's egress delay shows in front of its callees; a surge queues in front of the server.
      for (const c of topo.callers(y.node)) out.push(single(find(c, 'gap')));
      out.push(self('load'));
      break;
    case 'errors':
      for (const c of topo.callees(y.node)) out.push(single(find(c, 'errors')), single(find(c, 'gap')));
      out.push(self('memory'));
      break;
    case 'load':
      for (const c of topo.callers(y.node)) out.push(single(find(c, 'load')));
      break;
    case 'cpu':
    case 'memory':
      out.push(self('load'));
      break;
    case 'gc':
      out.push(self('memory'), self('load'));
      break;
    case 'pool':
      for (const c of topo.callees(y.node)) out.push(single(find(c, 'latency')));
      out.push(self('load'));
      break;
  }
  return out.filter((r): r is Regressor => !!r && r.credit.length > 0);
}

function single(v: Variable | undefined): Regressor | undefined {
  return v ? { node: v.node, series: v.series, credit: [{ v, weight: 1 }], delta: delta(v) } : undefined;
}

/**
 * What a caller waits for when it calls `callee`: the client-side latency into it when known (server time plus
 * the network in front of it), else its latency. The credit for a rise splits by which part rose.
 */
function experiencedLatency(callee: string, find: Lookup, clientLatency: (node: string) => Float64Array | undefined): Regressor | undefined {
  const lat = find(callee, 'latency');
  const gap = find(callee, 'gap');
  const client = clientLatency(callee);
  if (!lat && !gap) return undefined;
  if (!gap || !client) return lat ? single(lat) : single(gap);
  const dl = Math.max(0, lat ? delta(lat) : 0);
  const dg = Math.max(0, delta(gap));
  const total = dl + dg;
  const credit = total > 0
    ? [...(lat && dl > 0 ? [{ v: lat, weight: dl / total }] : []), ...(dg > 0 ? [{ v: gap, weight: dg / total }] : [])]
    : [{ v: lat ?? gap, weight: 1 }];
  return { node: callee, series: client, credit, delta: (lat ? delta(lat) : 0) + delta(gap) };
}
