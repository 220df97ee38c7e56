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
  /** Largest plausible coefficient: calls per request of the edge it stands for (with a margin), when known. */
  coefCap?: number;
}

export interface Topology {
  callees(name: string): readonly string[];
  callers(name: string): readonly string[];
  /** Calls caller → callee per request the caller served over the window; undefined when unknown. */
  callsPerRequest(caller: string, callee: string): number | undefined;
}

/** Retries, and calls made by requests counted in a neighbouring window. */
const CALLS_MARGIN = 1.5;

type Lookup = (node: string, signal: Signal) => Variable | undefined;

/** The regressors that may explain `y`. */
export function parentsOf(y: Variable, topo: Topology, find: Lookup, clientLatency: (node: string) => Float64Array | undefined): Regressor[] {
  const self = (s: Signal) => single(find(y.node, s));
  const out: (Regressor | undefined)[] = [];
  switch (y.signal) {
    case 'latency':
      for (const c of topo.callees(y.node)) out.push(capped(experiencedLatency(c, find, clientLatency), topo.callsPerRequest(y.node, c)));
      // Its own work per request (trace self time) when traced; else the resources that would slow that work.
      if (y.kind === 'service') out.push(...(find(y.node, 'self') ? [self('self')] : [self('cpu'), self('gc'), self('memory')]));
      // A dependency is seen only through its callers' client spans: a caller's egress delay shows up there.
      else out.push(self('load'), ...callerGaps(y.node, topo, find));
      break;
    case 'self':
      out.push(self('cpu'), self('gc'), self('memory'));
      break;
    case 'gap':
      // A caller's egress delay shows in front of its callees; a surge queues in front of the server. And the
      // gap compares callers' calls with all server spans: when the operations callers use slow down with a
      // dependency (and the rest do not), the gap grows with that dependency's latency — a mix effect, not network.
      for (const c of topo.callers(y.node)) out.push(single(find(c, 'gap')));
      out.push(self('load'));
      for (const c of topo.callees(y.node)) out.push(capped(single(find(c, 'latency')), topo.callsPerRequest(y.node, c)));
      break;
    case 'errors':
      for (const c of topo.callees(y.node)) out.push(capped(single(find(c, 'errors')), topo.callsPerRequest(y.node, c)), single(find(c, 'gap')));
      if (y.kind === 'service') out.push(self('memory'));
      else out.push(...callerGaps(y.node, topo, find));
      break;
    case 'load':
      for (const c of topo.callers(y.node)) out.push(capped(single(find(c, 'load')), topo.callsPerRequest(c, y.node)));
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

/**
 * A callee called once per hundred requests adds at most a hundredth of its extra latency (or error rate); a
 * caller adds to a callee's traffic at most its calls per request times its own.
 */
function capped(r: Regressor | undefined, callsPerRequest: number | undefined): Regressor | undefined {
  return r && callsPerRequest !== undefined ? { ...r, coefCap: callsPerRequest * CALLS_MARGIN } : r;
}

/**
 * A caller's egress delay adds to each call it makes once, at most — and it delays every call the caller makes:
 * the credit is scaled by the share of the caller's other callees that slowed too (half when it has none).
 */
function callerGaps(node: string, topo: Topology, find: Lookup): (Regressor | undefined)[] {
  return topo.callers(node).map((c) => {
    const others = topo.callees(c).filter((o) => o !== node);
    const slowed = others.filter((o) => (find(o, 'gap')?.z ?? 0) >= SLOWED_Z || (!find(o, 'gap') && (find(o, 'latency')?.z ?? 0) >= SLOWED_Z));
    const corroboration = others.length ? slowed.length / others.length : 0.5;
    return capped(single(find(c, 'gap')), corroboration / CALLS_MARGIN);
  });
}

/** A callee counts as slowed (for egress corroboration) from this change score. */
const SLOWED_Z = 3;

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
