/**
 * 1m FeatureWindow and EdgeWindow rows of a BenchTopology, minute by minute, with one fault from `atMinute` on.
 * Each minute is computed the way a fault moves through a call graph: load flows from callers to callees (a
 * traffic surge reaches everything below the target), latency and errors flow from callees to callers (a slow or
 * failing node makes its callers slow or failing, diluted by how much of their work goes to it), a network fault
 * shows only in what callers measure (client latency) and in the target's own outbound calls. Rows look like the
 * pipeline's: service-level rows (operation ''), no sketches (client quantiles fall back to call-weighted means).
 */
import { ALL_OPERATIONS, type EdgeWindow, type FeatureWindow } from '../../src/core/index.js';
import { rng, tag, type Rng } from '../../src/sim/random.js';
import { FAULT_KINDS as KINDS, type FaultKind } from '../../src/core/fault-kinds.js';
import type { BenchDependency, BenchService, BenchTopology } from './rca-topology.js';

export interface BenchFault {
  kind: FaultKind;
  /** A service, or a database for `db`. */
  target: string;
  atMinute: number;
  /** Magnitude drawn per kind (latency multiplier, error rate, surge factor, …). */
  size: number;
}

export interface BenchRows {
  features: FeatureWindow[];
  edges: EdgeWindow[];
}


/** The i-th fault of a run: kinds in rotation, a random mid-tier service (layers 1–3) or a database. */
export function pickFault(topo: BenchTopology, seed: number, i: number, atMinute: number): BenchFault {
  const r = rng(seed, tag('rca-bench-fault'), i);
  const kind = KINDS[i % KINDS.length];
  const target = kind === 'db' ? r.pick(topo.dependencies.filter((d) => d.kind === 'database')).name : r.pick(topo.services.filter((s) => s.layer >= 1 && s.layer <= 3)).name;
  const size = { latency: r.uniform(3, 8), errors: r.uniform(0.2, 0.6), cpu: r.uniform(2, 4), memory: r.uniform(1.5, 3), db: r.uniform(5, 20), network: r.uniform(80, 400), traffic: r.uniform(2, 4) }[kind];
  return { kind, target, atMinute, size };
}

interface Minute {
  rps: Map<string, number>;
  latency: Map<string, number>;
  errorRate: Map<string, number>;
  selfMs: Map<string, number>;
}

/** `minutes` rows per series from `startMs` (aligned to the minute). */
export function generateRows(topo: BenchTopology, fault: BenchFault, startMs: number, minutes: number, seed: number, operations = 0): BenchRows {
  const r = rng(seed, tag('rca-bench-rows'));
  const features: FeatureWindow[] = [];
  const edges: EdgeWindow[] = [];
  const byLayerDown = [...topo.services].sort((a, b) => a.layer - b.layer);
  const byLayerUp = [...byLayerDown].reverse();
  const deps = new Map(topo.dependencies.map((d) => [d.name, d]));
  const out = new Map<string, typeof topo.edges>();
  for (const e of topo.edges) out.set(e.from, [...(out.get(e.from) ?? []), e]);
  const baseline = minuteOf(topo, byLayerDown, byLayerUp, deps, out, null, 0, noNoise);

  for (let m = 0; m < minutes; m++) {
    const active = m >= fault.atMinute ? fault : null;
    // Slow faults (a leak) build up over minutes; the others are there at once.
    const progress = active ? Math.min(1, (m - fault.atMinute + 1) / 8) : 0;
    const x = minuteOf(topo, byLayerDown, byLayerUp, deps, out, active, progress, r);
    const windowStart = startMs + m * 60_000;
    for (const s of topo.services) {
      const rps = x.rps.get(s.name) as number;
      const load = rps / (baseline.rps.get(s.name) as number);
      const row = serviceRow(s, windowStart, rps, x.latency.get(s.name) as number, x.errorRate.get(s.name) as number, x.selfMs.get(s.name) as number, load, active, progress, poolOf(s, out, x, baseline), r);
      features.push(row);
      for (let k = 0; k < operations; k++) features.push(operationRow(row, k, operations));
    }
    for (const e of topo.edges) edges.push(edgeRow(e, windowStart, x, active, r));
  }
  return { features, edges };
}

const noNoise = { normal: () => 0, poisson: (l: number) => Math.round(l) } as unknown as Rng;

function minuteOf(
  topo: BenchTopology,
  down: readonly BenchService[],
  up: readonly BenchService[],
  deps: ReadonlyMap<string, BenchDependency>,
  out: ReadonlyMap<string, BenchTopology['edges']>,
  fault: BenchFault | null,
  progress: number,
  r: Rng,
): Minute {
  const hit = (kind: FaultKind, name: string) => fault?.kind === kind && fault.target === name;
  const noisy = (v: number, sigma: number) => v * Math.exp(sigma * r.normal());
  const rps = new Map<string, number>();
  for (const s of topo.services) rps.set(s.name, s.layer === 0 ? noisy(s.entryRps, 0.04) : 0);
  for (const s of down) {
    if (hit('traffic', s.name)) rps.set(s.name, (rps.get(s.name) as number) * (1 + (fault as BenchFault).size));
    for (const e of out.get(s.name) ?? []) if (!e.back && e.calleeKind === 'service') rps.set(e.to, (rps.get(e.to) as number) + (rps.get(s.name) as number) * e.perRequest);
  }
  const selfMs = new Map<string, number>();
  const latency = new Map<string, number>();
  const errorRate = new Map<string, number>();
  for (const d of deps.values()) {
    const slow = hit('db', d.name) ? (fault as BenchFault).size : 1;
    latency.set(d.name, noisy(d.latencyMs * slow, 0.06));
    errorRate.set(d.name, d.baseErrorRate + (hit('db', d.name) ? 0.05 : 0));
  }
  for (const s of up) {
    const f = fault as BenchFault;
    let self = noisy(s.selfMs, 0.05);
    let own = s.baseErrorRate * Math.exp(0.2 * r.normal());
    if (hit('latency', s.name)) self *= f.size;
    if (hit('cpu', s.name)) self *= f.size;
    if (hit('memory', s.name)) {
      self *= 1 + (f.size - 1) * progress;
      own += 0.12 * progress;
    }
    if (hit('errors', s.name)) own += f.size;
    if (hit('network', s.name)) own += 0.02;
    let callees = 0;
    let failing = 0;
    for (const e of out.get(s.name) ?? []) {
      if (e.back) continue;
      callees += e.perRequest * clientLatency(e.from, e.to, latency, fault);
      failing += e.perRequest * (errorRate.get(e.to) as number);
    }
    selfMs.set(s.name, self);
    latency.set(s.name, self + callees);
    errorRate.set(s.name, Math.min(1, 1 - (1 - Math.min(1, own)) * (1 - Math.min(1, 0.7 * failing))));
  }
  return { rps, latency, errorRate, selfMs };
}

/** What the caller measures for one call: the callee's latency, the wire, and a degraded interface on either end. */
function clientLatency(from: string, to: string, latency: ReadonlyMap<string, number>, fault: BenchFault | null): number {
  const delay = fault?.kind === 'network' && (fault.target === to || fault.target === from) ? fault.size : 0;
  return (latency.get(to) as number) + 0.6 + delay;
}

function poolOf(s: BenchService, out: ReadonlyMap<string, BenchTopology['edges']>, x: Minute, base: Minute): number | null {
  if (s.basePool === 0) return null;
  const db = (out.get(s.name) ?? []).find((e) => e.calleeKind === 'database');
  if (!db) return null;
  // Little's law: connections in use grow with calls × time per call.
  const busy = ((x.rps.get(s.name) as number) * (x.latency.get(db.to) as number)) / ((base.rps.get(s.name) as number) * (base.latency.get(db.to) as number));
  return Math.min(1, s.basePool * busy);
}

function serviceRow(
  s: BenchService,
  windowStart: number,
  rps: number,
  p50: number,
  errorRate: number,
  self: number,
  load: number,
  fault: BenchFault | null,
  progress: number,
  pool: number | null,
  r: Rng,
): FeatureWindow {
  const requests = Math.max(1, Math.round(rps * 60));
  const errors = Math.min(requests, r.poisson(requests * errorRate));
  const own = (kind: FaultKind) => fault?.kind === kind && fault.target === s.name;
  let cpu = Math.min(0.99, s.baseCpu * load * Math.exp(0.04 * r.normal()));
  if (own('cpu')) cpu = Math.min(0.99, 0.92 + 0.07 * r.next());
  const leak = own('memory') ? ((fault as BenchFault).size - 1) * progress : 0;
  const tail = Math.exp(0.05 * r.normal());
  return {
    service: s.name,
    operation: ALL_OPERATIONS,
    resolution: '1m',
    windowStart,
    requests,
    errors,
    errorRate: errors / requests,
    throughput: requests / 60,
    p50Ms: p50,
    p95Ms: p50 * 2.2 * tail,
    p99Ms: p50 * 3.5 * tail,
    maxMs: p50 * 5.5 * tail,
    selfTimeMs: self * requests,
    sketch: null,
    cpu,
    memory: s.baseMemoryBytes * (1 + leak) * Math.exp(0.005 * r.normal()),
    gcMs: s.baseGcMs * (1 + 4 * leak) * Math.exp(0.08 * r.normal()),
    poolUse: pool === null ? null : Math.min(1, pool * Math.exp(0.04 * r.normal())),
    logTotal: r.poisson(requests * 0.5),
    logWarn: r.poisson(requests * 0.01),
    logError: r.poisson(errors * 0.8 + 0.5),
  };
}

/** A per-operation row: the service row's k-th share (stored and read like the pipeline's, ignored by the RCA). */
function operationRow(row: FeatureWindow, k: number, of: number): FeatureWindow {
  const requests = Math.max(1, Math.round(row.requests / of));
  const errors = Math.min(requests, Math.round(row.errors / of));
  return { ...row, operation: `op-${k}`, requests, errors, errorRate: errors / requests, throughput: requests / 60, cpu: null, memory: null, gcMs: null, poolUse: null };
}

function edgeRow(e: BenchTopology['edges'][number], windowStart: number, x: Minute, fault: BenchFault | null, r: Rng): EdgeWindow {
  const calls = Math.max(1, Math.round((x.rps.get(e.from) as number) * e.perRequest * 60));
  const loss = fault?.kind === 'network' && (fault.target === e.to || fault.target === e.from) ? 0.02 : 0;
  const p50 = clientLatency(e.from, e.to, x.latency, fault) * Math.exp(0.04 * r.normal());
  return {
    caller: e.from,
    callee: e.to,
    calleeKind: e.calleeKind,
    resolution: '1m',
    windowStart,
    calls,
    errors: Math.min(calls, r.poisson(calls * Math.min(1, (x.errorRate.get(e.to) as number) + loss))),
    p50Ms: p50,
    p99Ms: p50 * 3.5,
    sketch: null,
  };
}
