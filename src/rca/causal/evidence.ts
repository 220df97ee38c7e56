/** Evidence strings with numbers and UTC times for one ranked cause. */
import { clock, listNames } from '../format.js';
import type { Explanation } from './attribution.js';
import { change, label, pct, signed, value } from './describe.js';
import { median } from '../../core/stats.js';
import { finite } from './robust.js';
import type { FaultType, NodeSeries } from './types.js';
import { delta, type Variable } from './variables.js';
import { START_Z } from './walk.js';

export interface EvidenceInput {
  node: string;
  vars: readonly Variable[];
  /** The variable holding most of the node's mass. */
  top: Variable;
  share: number;
  faultType: FaultType;
  times: readonly number[];
  /** The change's onset (sample index) and the sample step (s), as the variables were scored with. */
  onset: number;
  stepSec: number;
  onsets: ReadonlyMap<string, number | undefined>;
  explained: ReadonlyMap<string, Explanation>;
  nodes: readonly NodeSeries[];
}

const PARENTS_WORDS: Record<Variable['signal'], string> = {
  latency: 'its dependencies or its own work',
  self: 'its cpu, memory or gc',
  gap: "its callers' network",
  errors: 'errors of its dependencies',
  load: "its callers' traffic",
  cpu: 'its own traffic',
  memory: 'its own traffic',
  gc: 'its memory or traffic',
  pool: 'its databases or traffic',
};

export function causeEvidence(e: EvidenceInput): string[] {
  const out: string[] = [];
  const myOnset = e.onsets.get(e.node);
  // Own work that slowed reads best as the latency people see, then where it went.
  const latency = e.vars.find((v) => v.signal === 'latency');
  const headline = e.top.signal === 'self' && latency && latency.z >= START_Z ? latency : e.top;
  out.push(`${change(headline)}${myOnset !== undefined ? ` from ${clock(e.times[myOnset])}` : ''}`);
  const own = e.explained.get(e.top.id);
  if (own) out.push(`${pct(own.unexplained)} of ${headline === e.top ? 'that change' : `the extra ${label(e.top)}`} is not explained by ${e.top.kind !== 'service' && e.top.signal === 'latency' ? "its load or its callers' network" : PARENTS_WORDS[e.top.signal]}`);
  out.push(...typeSpecific(e));
  out.push(...effects(e));
  const order = onsetOrder(e);
  if (order) out.push(order);
  out.push(`${pct(e.share)} of the change's mass ends here after propagation on the call graph`);
  return out;
}

function typeSpecific(e: EvidenceInput): string[] {
  const n = e.nodes.find((x) => x.name === e.node);
  const onset = e.onset;
  const lines: string[] = [];
  const self = n?.metrics.selftime;
  const latency = e.vars.find((v) => v.signal === 'latency');
  if (self && latency && latency.z >= 3 && (e.faultType === 'latency' || e.faultType === 'cpu' || e.faultType === 'memory')) {
    const [a, b] = split(self, onset);
    if (Number.isFinite(a) && Number.isFinite(b)) lines.push(`self time per request ${value('latency', a)} → ${value('latency', b)}: the added latency is spent in ${e.node} itself`);
  }
  if (e.faultType === 'network' && n?.metrics['client-latency-50'] && n.metrics['latency-50']) {
    const [ca, cb] = split(n.metrics['client-latency-50'], onset);
    const [sa, sb] = split(n.metrics['latency-50'], onset);
    lines.push(`calls into ${e.node} take ${value('latency', ca)} → ${value('latency', cb)} at its callers while its server spans take ${value('latency', sa)} → ${value('latency', sb)}: the delay is on the network`);
  }
  if (e.faultType === 'errors') {
    const share = errorShare(e, onset);
    if (share) lines.push(share);
  }
  if (e.faultType === 'traffic' || e.faultType === 'cpu') {
    const load = e.vars.find((v) => v.signal === 'load');
    if (load) lines.push(`${change(load)}`);
  }
  return lines;
}

/** The children whose change this node's variables explain most, in their units. */
function effects(e: EvidenceInput): string[] {
  const mine = new Set(e.vars.map((v) => v.id));
  const found: { y: Variable; share: number }[] = [];
  for (const ex of e.explained.values()) {
    if (ex.y.node === e.node) continue;
    const share = ex.shares.filter((s) => mine.has(s.to.id)).reduce((a, s) => a + s.share, 0);
    if (share >= 0.2 && ex.y.z >= 3) found.push({ y: ex.y, share });
  }
  found.sort((a, b) => b.share * b.y.z - a.share * a.y.z);
  return found.slice(0, 3).map(({ y, share }) => {
    const d = delta(y);
    return `explains ${pct(share)} of the extra ${label(y)}${y.signal === 'gap' ? '' : ' of'} ${y.node} (${signed(y.signal, d * share)} of ${signed(y.signal, d)})`;
  });
}

function onsetOrder(e: EvidenceInput): string | undefined {
  const mine = e.onsets.get(e.node);
  if (mine === undefined) return undefined;
  const others = [...e.onsets].filter(([n, t]) => n !== e.node && t !== undefined) as [string, number][];
  const later = others.filter(([, t]) => t > mine).map(([n]) => n);
  const earlier = others.filter(([, t]) => t < mine).map(([n]) => n);
  if (!others.length) return `the only node that changed (from ${clock(e.times[mine])})`;
  if (!earlier.length) return `changed first (${clock(e.times[mine])})${later.length ? `, before ${listNames(later, 3)}` : ', with the others in the same window'}`;
  return `changed at ${clock(e.times[mine])}, after ${listNames(earlier, 3)}`;
}

function split(s: Float64Array, onset: number): [number, number] {
  return [median(finite(s, 0, onset)), median(finite(s, onset))];
}

/** `412 failed requests above its baseline since the onset: 71% of those added across all nodes` */
function errorShare(e: EvidenceInput, onset: number): string | undefined {
  const stepSec = e.stepSec;
  const added = (n: NodeSeries): number => {
    const rate = n.metrics.error;
    const load = n.metrics.workload;
    if (!rate || !load) return 0;
    const base = median(finite(rate, 0, onset));
    let sum = 0;
    for (let t = onset; t < rate.length; t++) if (Number.isFinite(rate[t]) && Number.isFinite(load[t])) sum += Math.max(0, rate[t] - base) * load[t] * stepSec;
    return sum;
  };
  const mine = added(e.nodes.find((n) => n.name === e.node) ?? { name: '', kind: 'service', metrics: {} });
  // Callers' failures are counted too: a failure that propagates shows at every hop, so this is a share of hops.
  const all = e.nodes.reduce((a, n) => a + added(n), 0);
  if (!(mine >= 1) || !(all > 0)) return undefined;
  return `${Math.round(mine)} failed requests above its baseline since the onset: ${pct(mine / all)} of those added across all nodes`;
}
