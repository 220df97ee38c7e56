/**
 * A second, local reading of the change for short windows (a few minutes of 1-minute rows, where regressions
 * cannot be fitted): each node is scored by what a fault on it would show on itself AND on its neighbours.
 * - own: its latency quantiles, cpu or memory rose (a resource fault or slow code shows on the node itself);
 * - hidden: its callers' latency rose and their other callees explain none of it, while its own server-side
 *   latency did not move (a network delay or an injected exception is seen by callers, not by the node's own
 *   server spans) — credited in proportion to the share of its callers that slowed; a caller that rose below the
 *   bar adds its rise to the callees a slowed caller already suspects (corroboration, never a suspicion of its own);
 * - upstream: traffic into its callees fell (or stopped) while its own traffic did not (a failing or
 *   wrong-answering service stops calling what it used to call).
 * Every node with data gets a score, so there is always a ranking; weak evidence gives a low score, not silence.
 * Pure: no I/O.
 */
import { MAD_TO_SIGMA, madHigh, medianHigh, quantileSorted } from '../../core/stats.js';
import { countNoise, finite, kthLargest } from './robust.js';
import { leakOrContention } from '../../detectors/resource-trend.js';
import type { Topology } from './parents.js';
import type { FaultType, MetricKey, NodeSeries } from './types.js';

export interface LocalScore {
  node: string;
  score: number;
  faultType: FaultType;
  /** Evidence, in words. */
  why: string[];
  /**
   * For a slowed node with quiet callees: the share of its own blame each of them may hold instead (sums to
   * 1 − OWN_PART). The ranking hands the walk's mass on the node over in the same proportions.
   */
  handoff?: { to: string; share: number }[];
}

/** Changes below this many noise scales count as no change. */
const CHANGED = 3;
/** z above which one more noise scale adds no evidence (one huge quantile must not drown the rest). */
const CAP = 20;
/** Relative noise floors: a share of the pre-onset level below which nothing counts as a change. */
const REL_FLOOR: Partial<Record<MetricKey, number>> = {
  'latency-50': 0.1,
  'latency-90': 0.1,
  'latency-99': 0.15,
  cpu: 0.15,
  mem: 0.02,
  workload: 0.15,
  netrx: 0.15,
  nettx: 0.15,
};
const LATENCY: MetricKey[] = ['latency-50', 'latency-90', 'latency-99'];
/** A slowed callee explains its caller's slowdown when it added at least this share of the caller's added time. */
const EXPLAINS = 0.5;
/** A latency drop is weaker evidence than a rise (a quiet minute also lowers tail latency). */
const DROP_WEIGHT = 0.5;
/** Calls into a callee, relative to the caller's busiest callee, below which it cannot explain the caller's slowdown. */
const MIN_REACH = 0.05;
/** The part of an unexplained slowdown a node keeps when it has quiet callees that may hide the cause. */
const OWN_PART = 0.35;

/** Calls caller → callee relative to the caller's busiest callee (1 when call counts are unknown). */
function callWeight(topo: Topology, caller: string, callee: string): number {
  const c = topo.callsPerRequest(caller, callee);
  if (c === undefined) return 1;
  const max = Math.max(...topo.callees(caller).map((x) => topo.callsPerRequest(caller, x) ?? 0));
  return max > 0 ? Math.min(1, c / max) : 1;
}

/**
 * Absolute noise floors, in the metric's unit: an error rate moving by less than half a percent is not a change; a
 * latency quantile moving by less than 2 ms is not either (real quantiles come from histogram buckets: a p99 of a
 * 5 ms service wanders between 5 and 9 ms from interpolation alone).
 */
const ABS_FLOOR: Partial<Record<MetricKey, number>> = { error: 0.005, 'client-latency-50': 0.1, 'latency-50': 2, 'latency-90': 2, 'latency-99': 2 };

/** Sustained change in noise scales: + for a rise, − for a fall; 0 without enough data on both sides. */
export function changeZ(s: Float64Array | undefined, onset: number, metric: MetricKey, stepSec = 60): number {
  if (!s) return 0;
  const post = finite(s, onset);
  const base = baseline(s, onset, metric, stepSec);
  if (!base || !post.length) return 0;
  const z = post.map((v) => (v - base.med) / base.scale);
  // The 2nd largest rise (or fall): one spike is not a change; with one sample after the onset, that sample.
  const k = z.length >= 2 ? 2 : 1;
  const up = kthLargest(z, k);
  const down = -kthLargest(z.map((v) => -v), k);
  const best = up >= -down ? up : down;
  return Math.max(-CAP, Math.min(CAP, best));
}

/** The pre-onset level and noise scale of a series; undefined with fewer than 2 baseline points. */
function baseline(s: Float64Array, onset: number, metric: MetricKey, stepSec: number): { med: number; scale: number } | undefined {
  const pre = finite(s, 0, onset);
  if (pre.length < 2) return undefined;
  const all = Float64Array.from(pre).sort();
  // A latency quantile of a service with a few requests a minute spikes upward (one slow request is its p90). In 4
  // or 5 baseline points one such spike shifts the upper median and widens MAD and IQR alike (400, 450, 800,
  // 1600 ms reads as 800 ± 593): the largest is set aside, as the post-onset change reads its 2nd largest value.
  const sorted = LATENCY.includes(metric) && all.length >= 4 && all.length < 6 ? all.subarray(0, all.length - 1) : all;
  const med = medianHigh(sorted);
  const spread = madHigh(sorted, med);
  const counted = metric === 'workload' ? countNoise(med, stepSec) : 0;
  // IQR beside MAD for 3 to 5 baseline points, which often hold two alike values whose MAD calls the rest
  // noise-free; from 6 points on MAD alone: it stands half the baseline being a previous fault's tail, IQR a quarter.
  const iqr = sorted.length < 6 ? quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25) : 0;
  return { med, scale: Math.max(MAD_TO_SIGMA * spread, iqr / 1.349, (REL_FLOOR[metric] ?? 0.1) * Math.abs(med), ABS_FLOOR[metric] ?? 1e-9, counted) };
}

/** Post-onset median minus pre-onset median (the time a request gained), 0 without data. */
function addedTime(s: Float64Array | undefined, onset: number): number {
  if (!s) return 0;
  const pre = finite(s, 0, onset);
  const post = finite(s, onset);
  if (!pre.length || !post.length) return 0;
  return medianHigh(post) - medianHigh(pre);
}

/** Change of client-side minus server-side typical latency (the network in front of a node), when both are measured. */
function gapZ(n: NodeSeries, onset: number): number {
  const client = n.metrics['client-latency-50'];
  const server = n.metrics['latency-50'];
  if (!client || !server) return 0;
  // In units of what callers waited before the onset, with a floor of a tenth of it (as the causal model's gap).
  const level = finiteMedian(client, 0, onset);
  if (!(level > 0)) return 0;
  return changeZ(client.map((c, i) => (c - server[i]) / level), onset, 'client-latency-50');
}

/**
 * Requests per sample (the baseline's typical count) from which cpu per request is read beside cpu: at 50 the
 * counting noise is about 14 %, below it swamps the ratio (a service called a few times a minute).
 */
const PER_REQUEST_MIN_COUNT = 50;

/** cpu ÷ requests per sample, when the node typically served PER_REQUEST_MIN_COUNT requests a sample before the onset. */
function cpuPerRequest(n: NodeSeries, onset: number, stepSec: number): Float64Array | undefined {
  const cpu = n.metrics.cpu;
  const w = n.metrics.workload;
  if (!cpu || !w) return undefined;
  const pre = finite(w, 0, onset);
  if (pre.length < 2 || medianHigh(pre) * stepSec < PER_REQUEST_MIN_COUNT) return undefined;
  return cpu.map((c, i) => (w[i] > 0 ? c / w[i] : NaN));
}

/** Share of its traffic a callee must lose for its caller to be blamed. */
const LOST_SHARE = 0.4;

function finiteMedian(s: Float64Array | undefined, from: number, to?: number): number {
  return s ? medianHigh(finite(s, from, to)) : NaN;
}

/** Requests stopped: the node had traffic before the onset and at most one post-onset sample has any. */
function stopped(n: NodeSeries, onset: number): boolean {
  const w = n.metrics.workload;
  const lat = LATENCY.map((m) => n.metrics[m]).find((s) => s && finite(s, 0, onset).length >= 2);
  if (w && finite(w, 0, onset).some((v) => v > 0)) {
    const post = finite(w, onset);
    return post.length >= 2 && post.filter((v) => v > 0).length <= 1;
  }
  if (!lat) return false;
  const postRows = lat.length - onset;
  return postRows >= 2 && finite(lat, onset).length <= 1;
}

/**
 * `changed`: noise scales from which a change counts (3); the ranking lowers it when nothing reaches it, so that
 * there is always an answer, marked weak.
 */
export function localScores(nodes: readonly NodeSeries[], topo: Topology, onset: number, changed = CHANGED, stepSec = 60): LocalScore[] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const lat = new Map<string, number>();
  const latDrop = new Map<string, number>();
  const added = new Map<string, number>();
  const seen = new Map<string, number>();
  const addedSeen = new Map<string, number>();
  const errors = new Map<string, number>();
  const res = new Map<string, { z: number; type: FaultType; what: string }>();
  const load = new Map<string, number>();
  const cpuRaw = new Map<string, number>();
  const gone = new Set<string>();
  const halved = new Set<string>();
  const lostShare = new Map<string, number>();
  const typicalSeen = new Map<string, number>();
  const typicalScale = new Map<string, number>();
  for (const n of nodes) {
    const lz = LATENCY.map((m) => changeZ(n.metrics[m], onset, m));
    lat.set(n.name, Math.max(0, ...lz));
    latDrop.set(n.name, Math.max(0, -Math.min(0, ...lz)));
    // What callers see of it: its server latency or, where measured, their client-side latency into it.
    const clientZ = changeZ(n.metrics['client-latency-50'], onset, 'client-latency-50');
    seen.set(n.name, Math.max(lat.get(n.name) ?? 0, clientZ));
    // The typical request's rise (p50, p90, client p50) apart from the tail's: a dependency that few requests
    // reach moves a node's p99 only; the tail quantile stands for the typical one where it is all there is.
    const typicalZ = n.metrics['latency-50'] || n.metrics['latency-90'] ? Math.max(lz[0], lz[1]) : lz[2];
    typicalSeen.set(n.name, Math.max(0, typicalZ, clientZ));
    // Added time on the typical quantile (the first one measured), as callers see it: like with like, p50 with p50.
    const typical = LATENCY.find((m) => n.metrics[m]);
    added.set(n.name, Math.max(0, addedTime(typical && n.metrics[typical], onset)));
    const typicalSeries = typical && n.metrics[typical];
    const typicalBase = typicalSeries && baseline(typicalSeries, onset, typical, stepSec);
    if (typicalBase) typicalScale.set(n.name, typicalBase.scale);
    addedSeen.set(n.name, Math.max(added.get(n.name) ?? 0, addedTime(n.metrics['client-latency-50'], onset)));
    errors.set(n.name, changeZ(n.metrics.error, onset, 'error'));
    cpuRaw.set(n.name, changeZ(n.metrics.cpu, onset, 'cpu'));
    // A cpu rise that its traffic carries is load, not a fault of its own: with enough requests to count, the rise
    // counts only as far as cpu per request rose too (a recovering system's every service works harder).
    const perReq = cpuPerRequest(n, onset, stepSec);
    const cpuZ = cpuRaw.get(n.name) ?? 0;
    const cpu = perReq && cpuZ > 0 ? Math.min(cpuZ, Math.max(0, changeZ(perReq, onset, 'cpu'))) : cpuZ;
    const mem = changeZ(n.metrics.mem, onset, 'mem');
    // Leak or contention by the shape of the change (memory climbing, cpu flat or mildly up), not by which z is
    // larger: both often hit the cap, and a tie called 23 of 25 Sock Shop memory leaks `cpu`.
    const resKind = leakOrContention(n.metrics.cpu, n.metrics.mem, onset, cpu, mem);
    res.set(n.name, resKind === 'cpu' ? { z: Math.max(0, cpu, mem), type: 'cpu', what: 'cpu' } : { z: Math.max(0, mem, cpu), type: 'memory', what: 'memory' });
    load.set(n.name, changeZ(n.metrics.workload, onset, 'workload', stepSec));
    const lost = -addedTime(n.metrics.workload, onset) / Math.abs(finiteMedian(n.metrics.workload, 0, onset));
    if (Number.isFinite(lost)) lostShare.set(n.name, lost);
    if (lost >= LOST_SHARE) halved.add(n.name);
    if (stopped(n, onset)) gone.add(n.name);
  }
  // Traffic fell: beyond its noise AND by at least 40% (a dip of a tenth on a steady service is not lost traffic).
  const fell = (name: string) => (gone.has(name) ? CAP : halved.has(name) ? Math.max(0, -(load.get(name) ?? 0)) : 0);
  // A callee's traffic fell because of its caller only beyond what the caller's own traffic lost: when a slow
  // entry point throttles a closed-loop workload, every service loses the same share, and none is a victim.
  const fellBeyond = (callee: string, caller: string) =>
    gone.has(callee) && !gone.has(caller) ? CAP : (lostShare.get(callee) ?? 0) - Math.max(0, lostShare.get(caller) ?? 0) >= LOST_SHARE ? fell(callee) : 0;
  const rose = (name: string) => (seen.get(name) ?? 0) >= changed;
  const out = new Map<string, LocalScore & { top: number }>();
  const add = (node: string, score: number, type: FaultType, why: string) => {
    if (!byName.has(node) || !(score > 0)) return;
    const s = out.get(node) ?? { node, score: 0, faultType: type, why: [], top: 0 };
    // The fault class is that of the strongest single piece of evidence.
    if (score > s.top) [s.top, s.faultType] = [score, type];
    s.score += score;
    s.why.push(why);
    out.set(node, s);
  };
  // The slowed callees that may account for each node's slowdown: the callee's added time must be at least half
  // the node's (a callee slowing by 2 s does not explain a caller slowing by 6 s).
  const slowedOf = new Map(nodes.map((n) => [n.name, topo.callees(n.name).filter((c) => rose(c) && (addedSeen.get(c) ?? 0) >= EXPLAINS * (added.get(n.name) ?? 0))]));
  /**
   * How much the callers of `c` that did not slow speak against a fault on `c`: each caller weighs by the share of
   * its calls that go to `c` (relative to its busiest callee) — a caller that rarely calls `c` hardly slows — and,
   * when it did not slow, by how well it could have shown a delay of `expected` ms (the time the slowed caller
   * gained) above its own noise: a caller with a few requests a minute has a typical latency too noisy to speak.
   */
  const consistency = (c: string, expected: number) => {
    let agree = 0;
    let all = 0;
    for (const p of topo.callers(c)) {
      if (!byName.has(p)) continue;
      const w = callWeight(topo, p, c);
      // A caller that also calls another slowed callee, one that can move the quantile read here (its typical
      // latency when called often enough, else its tail), says nothing about `c` either way: whether that quantile
      // rose or stayed put (already high, or too coarse), the other callee accounts for it.
      const others = (slowedOf.get(p) ?? []).filter((x) => x !== c);
      if (w >= MIN_REACH ? others.some((x) => callWeight(topo, p, x) >= MIN_REACH) : others.length > 0) continue;
      // A callee that gets a fair share of p's calls must move p's typical latency; a rarely called one its tail.
      // A caller that moved part of the way agrees that far.
      const z = w >= MIN_REACH ? (typicalSeen.get(p) ?? 0) : (seen.get(p) ?? 0);
      const a = Math.max(0, Math.min(1, z / changed));
      // How far `expected` ms reaches the bar in p's noise (1 when either is unknown: its silence counts in full).
      const scale = typicalScale.get(p) ?? 0;
      const power = expected > 0 && scale > 0 ? Math.min(1, expected / (scale * changed)) : 1;
      agree += w * a;
      all += w * Math.max(a, power);
    }
    return all > 0 ? agree / all : 0;
  };
  // Quiet callees a slowed caller made suspects, with their best agreement; callers that rose below the bar.
  const suspects = new Map<string, number>();
  const partial: { n: string; z: number }[] = [];
  for (const n of nodes) {
    const l = lat.get(n.name) ?? 0;
    const r = res.get(n.name) as { z: number; type: FaultType; what: string };
    // A latency rise that a slowed callee accounts for is the callee's, not this node's own.
    // A callee that gets a small share of the node's calls cannot move its typical latency, however slow it is.
    // Rarely called slowed callees explain the node's tail: its own is then the rise of its typical latency.
    const slowed = slowedOf.get(n.name) ?? [];
    const slowCallee = slowed.some((c) => callWeight(topo, n.name, c) >= MIN_REACH);
    const ownLatency = slowCallee ? 0 : slowed.length ? (typicalSeen.get(n.name) ?? 0) : l;
    if (r.z >= changed) add(n.name, r.z, r.type, `${r.what} rose ${r.z.toFixed(1)} noise scales`);
    // The network in front of it: its callers' client-side latency into it rose beyond its server latency.
    const g = gapZ(n, onset);
    if (g >= changed) add(n.name, g, 'network', `the time its callers wait beyond its server spans rose ${g.toFixed(1)} noise scales`);
    // Errors of its own: no callee's errors rose with them.
    const e = errors.get(n.name) ?? 0;
    if (e >= changed && !topo.callees(n.name).some((c) => (errors.get(c) ?? 0) >= changed)) add(n.name, e, 'errors', `error rate rose ${e.toFixed(1)} noise scales with no failing dependency`);
    // Its own latency fell with no callee to account for it: its code changed what it does (returns early, fails fast).
    const drop = latDrop.get(n.name) ?? 0;
    if (drop >= changed && !topo.callees(n.name).some((c) => (latDrop.get(c) ?? 0) >= changed)) add(n.name, drop * DROP_WEIGHT, 'errors', `latency fell ${drop.toFixed(1)} noise scales with no faster dependency`);
    // Its cpu fell while its traffic did not: less work per request — the same reading (returns early, fails fast).
    const cpuFall = -(cpuRaw.get(n.name) ?? 0);
    if (cpuFall >= changed && (load.get(n.name) ?? 0) > -changed && !halved.has(n.name)) add(n.name, cpuFall * DROP_WEIGHT, 'errors', `cpu fell ${cpuFall.toFixed(1)} noise scales while its traffic held: less work per request`);
    // Callees that lost their traffic are victims of this node, not hidden causes of its slowness. A callee whose
    // client-side latency is measured cannot hide a delay (the causal model's network gap sees it), and a node
    // whose own work per request (trace self time) rose is slow by itself.
    // Its own cpu or memory rising with it says the same: the slowness is its own, not a hidden dependency's.
    const ownWork = changeZ(n.metrics.selftime, onset, 'selftime') >= changed || r.z >= changed;
    const hidden =
      ownLatency >= changed && !ownWork
        ? topo.callees(n.name).filter((c) => byName.has(c) && !byName.get(c)?.metrics['client-latency-50'] && !rose(c) && fellBeyond(c, n.name) < changed)
        : [];
    // A slowed node with no slowed dependency: its own code, or a dependency whose delay only callers see. The
    // most downstream explanation is preferred: the node keeps a part, each quiet callee is credited as far as
    // its other callers agree.
    if (ownLatency >= changed) add(n.name, ownLatency * (hidden.length ? OWN_PART : 1), 'latency', `latency rose ${ownLatency.toFixed(1)} noise scales with no slowed dependency`);
    const weights = hidden.map((c) => consistency(c, added.get(n.name) ?? 0));
    const wsum = weights.reduce((a, b) => a + b, 0);
    if (wsum > 0) {
      const entry = out.get(n.name);
      if (entry) entry.handoff = hidden.map((c, i) => ({ to: c, share: ((1 - OWN_PART) * weights[i]) / wsum }));
    }
    if (ownLatency > 0 && ownLatency < changed && !ownWork) partial.push({ n: n.name, z: ownLatency });
    for (const c of hidden) {
      const share = consistency(c, added.get(n.name) ?? 0);
      suspects.set(c, Math.max(share, suspects.get(c) ?? 0));
      add(c, ownLatency * share, 'network', `its caller ${n.name} slowed (${ownLatency.toFixed(1)} noise scales) while its own latency did not; ${Math.round(share * 100)}% of its callers' weight slowed`);
    }
    // Upstream: its callees lost traffic while its own did not fall.
    const own = fell(n.name);
    const callees = topo.callees(n.name).filter((c) => byName.has(c));
    if (callees.length && own < changed) {
      const drops = callees.map((c) => fellBeyond(c, n.name)).filter((d) => d >= changed);
      if (drops.length) {
        const z = drops.reduce((a, b) => a + b, 0) / Math.sqrt(callees.length);
        add(n.name, z, 'errors', `traffic into ${drops.length} of its ${callees.length} callees fell while its own did not`);
      }
    }
  }
  // A caller that rose below the bar is no change by itself, but a delay on a suspect it calls accounts for its rise
  // too (and one on a sibling suspect does not): its rise adds to each suspect it calls, at the suspect's agreement.
  // Without it, a callee with a second, part-way slowed caller ranks below one whose only caller is the slowed one.
  for (const { n, z } of partial) {
    for (const c of topo.callees(n)) {
      const share = suspects.get(c) ?? 0;
      add(c, z * share, 'network', `its caller ${n} slowed part of the way (${z.toFixed(1)} noise scales) while its own latency did not`);
    }
  }
  return [...out.values()].map(({ top: _top, ...s }) => s).sort((a, b) => b.score - a.score || a.node.localeCompare(b.node));
}
