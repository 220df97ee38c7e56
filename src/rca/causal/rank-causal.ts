/**
 * Causal root-cause ranking: robust change scores per (node, signal) against the pre-onset baseline (BARO's
 * idea), a multivariate onset, back-door-adjusted effects of each variable's graph parents, and a personalized
 * PageRank over "is explained by" links. The node where the change's mass ends is the cause; the signal it ends
 * on is the fault class. Pure: no I/O, deterministic.
 */
import type { RootCause } from '../../core/index.js';
import { explainAll } from './attribution.js';
import { faultTypeOf, indicatorOf } from './classify.js';
import { causeEvidence } from './evidence.js';
import { estimateOnset, indexAt, nodeOnset } from './onset.js';
import type { Topology } from './parents.js';
import type { CausalInput, FaultType, NodeSeries } from './types.js';
import { buildVariables, type Variable } from './variables.js';
import { walk } from './walk.js';

export interface CausalCause extends RootCause {
  faultType: FaultType;
}

export interface CausalResult {
  causes: CausalCause[];
  /** Estimated onset (epoch ms), when there was data around it. */
  onsetMs?: number;
  /** Why there are no causes, in words (empty window, unknown onset, nothing changed). */
  reason?: string;
}

/** Causes whose share of the mass is below this are not listed (noise the walk touched). */
const MIN_SHARE = 0.01;
const MAX_CAUSES = 10;

export function rankCausal(input: CausalInput): CausalResult {
  const times = input?.times ?? [];
  const nodes = (input?.nodes ?? []).filter((n) => n && typeof n.name === 'string' && n.name !== '').map((n) => fit(n, times.length));
  if (!times.length || !nodes.length) return { causes: [], reason: 'no samples in the window' };
  if (!Number.isFinite(input.onsetHintMs)) return { causes: [], reason: 'no onset time given' };
  const hint = indexAt(times, input.onsetHintMs);
  if (hint < 3) return { causes: [], reason: `only ${hint} sample(s) before the onset: need 3 for a baseline` };
  if (hint >= times.length) return { causes: [], reason: 'no samples after the onset' };
  const onset = estimateOnset(nodes, hint, Math.max(0, input.onsetSearchBefore ?? 0));
  const stepSec = times.length > 1 ? Math.max(1, (times[times.length - 1] - times[0]) / (times.length - 1) / 1000) : 60;
  const vars = buildVariables(nodes, onset, stepSec);
  const topo = topology(input.edges ?? [], nodes, stepSec);
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const clientLatency = (name: string) => byName.get(name)?.metrics['client-latency-50'];
  const explained = explainAll(vars, topo, onset, clientLatency);
  const mass = walk(vars, explained);
  const onsetMs = times[onset];
  if (!mass.size) return { causes: [], onsetMs, reason: 'nothing changed beyond its noise after the onset' };

  const byNode = new Map<string, Variable[]>();
  for (const v of vars) byNode.set(v.node, [...(byNode.get(v.node) ?? []), v]);
  const total = [...mass.values()].reduce((a, b) => a + b, 0);
  const onsets = new Map<string, number | undefined>([...byNode].map(([n, vs]) => [n, nodeOnset(vs, onset, times.length)]));
  const ranked = [...byNode].map(([node, vs]) => {
    const m = vs.reduce((a, v) => a + (mass.get(v.id) ?? 0), 0) / total;
    const top = vs.reduce((best, v) => ((mass.get(v.id) ?? 0) > (mass.get(best.id) ?? 0) ? v : best));
    return { node, vs, share: m, top, z: Math.max(...vs.map((v) => v.z)), onset: onsets.get(node) };
  });
  ranked.sort((a, b) => b.share - a.share || (a.onset ?? Infinity) - (b.onset ?? Infinity) || b.z - a.z || a.node.localeCompare(b.node));
  const causes = ranked
    .filter((r) => r.share >= MIN_SHARE)
    .slice(0, MAX_CAUSES)
    .map((r): CausalCause => {
      const faultType = faultTypeOf(r.top.kind, r.top.signal);
      return {
        service: r.node,
        indicator: indicatorOf(faultType),
        faultType,
        score: Math.round(r.share * 1000) / 1000,
        evidence: causeEvidence({ node: r.node, vars: r.vs, top: r.top, share: r.share, faultType, times, onset, stepSec, onsets, explained, nodes }),
      };
    });
  return { causes, onsetMs };
}

/** Series longer than the time axis are cut, shorter ones padded with NaN. */
function fit(n: NodeSeries, length: number): NodeSeries {
  const metrics: NodeSeries['metrics'] = {};
  for (const [k, s] of Object.entries(n.metrics ?? {}) as [keyof NodeSeries['metrics'], Float64Array | undefined][]) {
    if (!s) continue;
    if (s.length === length) metrics[k] = s;
    else {
      const out = new Float64Array(length).fill(NaN);
      out.set(s.subarray(0, length));
      metrics[k] = out;
    }
  }
  return { name: n.name, kind: n.kind ?? 'service', metrics };
}

function topology(edges: CausalInput['edges'], nodes: readonly NodeSeries[], stepSec: number): Topology {
  const down = new Map<string, string[]>();
  const up = new Map<string, string[]>();
  const calls = new Map<string, number>();
  for (const e of edges) {
    if (!e || typeof e.from !== 'string' || typeof e.to !== 'string' || e.from === e.to) continue;
    const key = `${e.from}\u0000${e.to}`;
    if (Number.isFinite(e.calls) && (e.calls as number) >= 0) calls.set(key, (calls.get(key) ?? 0) + (e.calls as number));
    if (down.get(e.from)?.includes(e.to)) continue;
    down.set(e.from, [...(down.get(e.from) ?? []), e.to]);
    up.set(e.to, [...(up.get(e.to) ?? []), e.from]);
  }
  const served = new Map<string, number>();
  for (const n of nodes) {
    const w = n.metrics.workload;
    if (w) served.set(n.name, w.reduce((a, v) => a + (Number.isFinite(v) ? v * stepSec : 0), 0));
  }
  return {
    callees: (n) => down.get(n) ?? [],
    callers: (n) => up.get(n) ?? [],
    callsPerRequest: (caller, callee) => {
      const c = calls.get(`${caller}\u0000${callee}`);
      const r = served.get(caller);
      return c === undefined || !r ? undefined : c / r;
    },
  };
}
