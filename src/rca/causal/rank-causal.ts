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
import { localScores, type LocalScore } from './neighbourhood.js';
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
  const postSamples = times.length - onset;
  // Few samples after the onset: the regressions fell back to ratios; the local reading of each node's neighbourhood
  // carries as much weight as the walk. With enough samples the walk stands alone (it was measured that way).
  let local = postSamples <= SHORT_WINDOW || !mass.size ? localScores(nodes, topo, onset, undefined, stepSec) : [];
  let weak = false;
  // Nothing reached its noise threshold: an honest low-confidence answer beats none — the same reading with a
  // lower bar, said as weak.
  if (!mass.size && !local.length) [local, weak] = [localScores(nodes, topo, onset, WEAK_Z, stepSec), true];
  const localTotal = local.reduce((a, l) => a + l.score, 0);
  if (!mass.size && !localTotal) return { causes: [], onsetMs, reason: 'nothing changed beyond its noise after the onset' };

  const byNode = new Map<string, Variable[]>();
  for (const v of vars) byNode.set(v.node, [...(byNode.get(v.node) ?? []), v]);
  const total = [...mass.values()].reduce((a, b) => a + b, 0);
  const wWalk = total > 0 ? (localTotal > 0 ? 1 - LOCAL_WEIGHT : 1) : 0;
  const localOf = new Map(local.map((l) => [l.node, l]));
  const onsets = new Map<string, number | undefined>([...byNode].map(([n, vs]) => [n, nodeOnset(vs, onset, times.length)]));
  const ownWalk = new Map([...byNode].map(([n, vs]) => [n, total > 0 ? vs.reduce((a, v) => a + (mass.get(v.id) ?? 0), 0) / total : 0]));
  const walkedOf = handOver(byNode, mass, total, local);
  const ranked = [...byNode].map(([node, vs]) => {
    const walked = walkedOf.get(node) ?? 0;
    const l = localOf.get(node);
    const m = wWalk * walked + (localTotal > 0 ? (1 - wWalk) * ((l?.score ?? 0) / localTotal) : 0);
    const top = vs.reduce((best, v) => ((mass.get(v.id) ?? 0) > (mass.get(best.id) ?? 0) ? v : best));
    return { node, vs, share: m, walked, local: l, top, z: Math.max(...vs.map((v) => v.z)), onset: onsets.get(node) };
  });
  ranked.sort((a, b) => b.share - a.share || (a.onset ?? Infinity) - (b.onset ?? Infinity) || b.z - a.z || a.node.localeCompare(b.node));
  const causes = ranked
    .filter((r) => r.share >= MIN_SHARE)
    .slice(0, MAX_CAUSES)
    .map((r): CausalCause => {
      // The walk's own class where the walk itself put more on this node than the local reading did.
      const fromLocal = !!r.local && (r.local.score / Math.max(localTotal, 1e-12)) * (1 - wWalk) > (ownWalk.get(r.node) ?? 0) * wWalk;
      const faultType = fromLocal ? ofKind(byName.get(r.node)?.kind, (r.local as LocalScore).faultType) : faultTypeOf(r.top.kind, r.top.signal);
      const evidence = causeEvidence({ node: r.node, vars: r.vs, top: r.top, share: r.share, faultType, times, onset, stepSec, onsets, explained, nodes });
      return {
        service: r.node,
        indicator: indicatorOf(faultType),
        faultType,
        // A weak answer's score is its share scaled down: the confidence is low, and says so.
        score: Math.round(r.share * (weak ? WEAK_CONFIDENCE : 1) * 1000) / 1000,
        evidence: r.local ? [...(weak ? [WEAK_NOTE] : []), ...r.local.why.slice(0, 3), ...evidence] : evidence,
      };
    });
  return { causes, onsetMs };
}

/** At most this many samples from the onset on make a short window (a detector's first ranking: onset + 2–3 minutes). */
const SHORT_WINDOW = 5;
/** Noise scales from which a change counts when nothing reached the normal bar, and the confidence it then gets. */
const WEAK_Z = 1;
const WEAK_CONFIDENCE = 0.2;
const WEAK_NOTE = 'weak evidence: no change reached 3 noise scales; ranked by the changes below that';
/** The local reading's weight in a short window. */
export const LOCAL_WEIGHT = 0.7;

/**
 * The walk's share per node; a slowed node whose callees may hide the cause (the local reading's handoff) keeps
 * only its own part and passes the rest on: the walk cannot see a delay that only callers measure.
 */
function handOver(byNode: Map<string, Variable[]>, mass: Map<string, number>, total: number, local: readonly LocalScore[]): Map<string, number> {
  const out = new Map<string, number>();
  if (!(total > 0)) return out;
  for (const [node, vs] of byNode) out.set(node, vs.reduce((a, v) => a + (mass.get(v.id) ?? 0), 0) / total);
  const own = new Set(['cpu', 'memory', 'gc', 'self', 'pool', 'gap']);
  for (const l of local) {
    // Mass on its cpu, memory, own work per request or the network in front of it is its own; the rest may be a
    // delay only callers see.
    const m = (byNode.get(l.node) ?? []).reduce((a, v) => a + (own.has(v.signal) ? 0 : (mass.get(v.id) ?? 0)), 0) / total;
    if (!l.handoff?.length || !(m > 0)) continue;
    const given = l.handoff.reduce((a, h) => a + h.share, 0);
    out.set(l.node, (out.get(l.node) ?? 0) - m * given);
    for (const h of l.handoff) out.set(h.to, (out.get(h.to) ?? 0) + m * h.share);
  }
  return out;
}

/** A database's fault is `database`, an external's `dependency` (or `network` in front of it), whatever the signal. */
function ofKind(kind: NodeSeries['kind'] | undefined, t: FaultType): FaultType {
  if (kind === 'database') return 'database';
  if (kind === 'external') return t === 'network' ? 'network' : 'dependency';
  return t;
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
